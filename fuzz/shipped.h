/* shipped: the shipped check catalog, loaded once for the fuzz targets that judge against it. */
#pragma once

struct catalog;

/* The catalog of NODEAUDIT_CHECKS_DIR (default: ./checks); aborts when it
 * does not load, as the shipped definitions always must. */
struct catalog *fuzz_shipped_catalog(void);
