/* WebAssembly evaluates doubles in double precision (FLT_EVAL_METHOD 0) */
#define math_narrow_eval(x) (x)
