/* cli/scan_cmd.h: the scan command of the wsaerr tool (cli/scan.c). */
#ifndef WSAERR_CLI_SCAN_CMD_H
#define WSAERR_CLI_SCAN_CMD_H

#include "table.h"

/* The tool's exit status, grep's: found, nothing found, an error. */
enum { EXIT_FOUND = 0, EXIT_NOT_FOUND = 1, EXIT_USAGE = 2 };

/* wsaerr scan, with the arguments after "scan": prints the findings and
 * the summary; the exit status (0 found, 1 nothing, 2 an error). */
int wsaerr_cli_scan(const struct wsaerr_table *t, int argc, char **argv);

#endif
