"""What people read: text tables, notebooks executed from templates, HTML pages."""
