// Replaced by the sparsely forced BPTT implementation.
