/* the C library's endian.h, plus glibc's word order names for little-endian doubles */
#include_next <endian.h>
#define LITTLE_ENDI 1
#define HIGH_HALF 1
#define LOW_HALF 0
