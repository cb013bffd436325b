"""Where places are: GEOIDs, geography levels, state names, name resolution, map shapes."""
