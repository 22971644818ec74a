"""One module per chart: DataFrames in, ``go.Figure`` out."""
