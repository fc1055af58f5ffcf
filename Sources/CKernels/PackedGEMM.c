#include "CKernels.h"
#include <immintrin.h>
#include <stddef.h>

#define NR 16

int pr_packed_sgemm_available(void) {
#if defined(__x86_64__)
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
    return 0;
#endif
}

long pr_sgemm_packed_size(int k, int n) { return (long)k * ((n + NR - 1) / NR) * NR; }

void pr_sgemm_pack_b(int k, int n, const float *b, int ldb, int transposed, float *packed) {
    int panels = (n + NR - 1) / NR;
    for (int j = 0; j < panels; j++) {
        float *dst = packed + (size_t)j * k * NR;
        for (int p = 0; p < k; p++) {
            for (int c = 0; c < NR; c++) {
                int column = j * NR + c;
                float v = 0.0f;
                if (column < n) v = transposed ? b[(size_t)column * ldb + p] : b[(size_t)p * ldb + column];
                dst[(size_t)p * NR + c] = v;
            }
        }
    }
}

#if defined(__x86_64__)
/* MR rows of A against one 16-column panel: 2·MR accumulators stay in registers for the whole k loop. */
#define KERNEL(MR)                                                                                          \
    __attribute__((target("avx2,fma"))) static void kernel_##MR(int k, const float *a, int lda,            \
                                                                 const float *panel, float *c, int ldc,    \
                                                                 int columns, int accumulate) {            \
        __m256 c0[MR], c1[MR];                                                                              \
        for (int r = 0; r < MR; r++) { c0[r] = _mm256_setzero_ps(); c1[r] = _mm256_setzero_ps(); }          \
        for (int p = 0; p < k; p++) {                                                                       \
            __m256 b0 = _mm256_load_ps(panel + (size_t)p * NR), b1 = _mm256_load_ps(panel + (size_t)p * NR + 8); \
            for (int r = 0; r < MR; r++) {                                                                  \
                __m256 x = _mm256_broadcast_ss(a + (size_t)r * lda + p);                                     \
                c0[r] = _mm256_fmadd_ps(x, b0, c0[r]);                                                       \
                c1[r] = _mm256_fmadd_ps(x, b1, c1[r]);                                                       \
            }                                                                                               \
        }                                                                                                   \
        for (int r = 0; r < MR; r++) {                                                                      \
            float *row = c + (size_t)r * ldc;                                                               \
            if (columns == NR) {                                                                            \
                if (accumulate) {                                                                           \
                    c0[r] = _mm256_add_ps(_mm256_loadu_ps(row), c0[r]);                                     \
                    c1[r] = _mm256_add_ps(_mm256_loadu_ps(row + 8), c1[r]);                                 \
                }                                                                                           \
                _mm256_storeu_ps(row, c0[r]);                                                               \
                _mm256_storeu_ps(row + 8, c1[r]);                                                           \
            } else {                                                                                        \
                float t[NR];                                                                                \
                _mm256_storeu_ps(t, c0[r]);                                                                 \
                _mm256_storeu_ps(t + 8, c1[r]);                                                             \
                for (int j = 0; j < columns; j++) row[j] = accumulate ? row[j] + t[j] : t[j];               \
            }                                                                                               \
        }                                                                                                   \
    }
KERNEL(1)
KERNEL(2)
KERNEL(3)
KERNEL(4)
KERNEL(5)
#endif

void pr_sgemm_packed(int m, int n, int k, const float *a, int lda, const float *packed, float *c, int ldc, int accumulate) {
#if defined(__x86_64__)
    int panels = (n + NR - 1) / NR;
    for (int j = 0; j < panels; j++) {
        const float *panel = packed + (size_t)j * k * NR;
        int columns = n - j * NR < NR ? n - j * NR : NR;
        int i = 0;
        for (; i + 5 <= m; i += 5)
            kernel_5(k, a + (size_t)i * lda, lda, panel, c + (size_t)i * ldc + j * NR, ldc, columns, accumulate);
        const float *ar = a + (size_t)i * lda;
        float *cr = c + (size_t)i * ldc + j * NR;
        switch (m - i) {
        case 1: kernel_1(k, ar, lda, panel, cr, ldc, columns, accumulate); break;
        case 2: kernel_2(k, ar, lda, panel, cr, ldc, columns, accumulate); break;
        case 3: kernel_3(k, ar, lda, panel, cr, ldc, columns, accumulate); break;
        case 4: kernel_4(k, ar, lda, panel, cr, ldc, columns, accumulate); break;
        default: break;
        }
    }
#else
    (void)m; (void)n; (void)k; (void)a; (void)lda; (void)packed; (void)c; (void)ldc; (void)accumulate;
#endif
}
