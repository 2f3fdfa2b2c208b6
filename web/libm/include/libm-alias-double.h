/* the port names its entry points itself (port.h) */
#define libm_alias_double(from, to)
#define libm_alias_double_other(from, to)
