/*
 * version.h: the one version of wsaerr, for the daemon, the CLI, the
 * metrics and the index. The Makefile reads it from here (VERSION), and
 * the Debian changelog and the image tags repeat it.
 */
#ifndef WSAERR_VERSION_H
#define WSAERR_VERSION_H

#ifndef WSAERR_VERSION /* the fuzz build names its own */
#define WSAERR_VERSION "0.1.0"
#endif

#endif
