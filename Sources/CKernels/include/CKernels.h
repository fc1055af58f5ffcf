#ifndef PAPERREPRO_CKERNELS_H
#define PAPERREPRO_CKERNELS_H

/// Single-precision GEMM with the right-hand operand packed once and reused for many products.
///
/// Why: a recurrent network multiplies the same weight matrix by a new batch of states at every one of
/// T steps; OpenBLAS repacks the weights on each of those calls and handles the batch's row count
/// (e.g. 50) with a slow edge kernel. Packing once per pass and using a 5×16 AVX2/FMA micro-kernel
/// removes both. Only used when the CPU has AVX2 and FMA (checked at run time).

/// Non-zero when this CPU can run `pr_sgemm_packed` (AVX2 and FMA).
int pr_packed_sgemm_available(void);

/// Floats `pr_sgemm_pack_b` writes for a k×n operand: n rounded up to 16, times k.
long pr_sgemm_packed_size(int k, int n);

/// Packs the k×n operand B into `packed` (16-column panels, zero-padded, 32-byte aligned storage expected).
/// Element (p, c) of B is `b[p*ldb + c]`, or `b[c*ldb + p]` when `transposed` is non-zero.
void pr_sgemm_pack_b(int k, int n, const float *b, int ldb, int transposed, float *packed);

/// C (m×n, row stride ldc) = (accumulate ? C : 0) + A (m×k, row stride lda) · B, with B packed by
/// `pr_sgemm_pack_b`. The summation order is fixed, so results are reproducible run to run.
void pr_sgemm_packed(int m, int n, int k, const float *a, int lda, const float *packed, float *c, int ldc, int accumulate);

#endif
