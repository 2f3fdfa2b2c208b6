/* underflow exceptions only: WebAssembly has no exception flags */
#define math_check_force_underflow(x) ((void) 0)
#define math_check_force_underflow_nonneg(x) ((void) 0)
