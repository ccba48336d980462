"""Domain types and the arithmetic of training and running models. Pure: no I/O, no text."""
