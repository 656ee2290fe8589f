/* rates.c: see crimestats.h */
#include "postgres.h"

#include "crimestats.h"
