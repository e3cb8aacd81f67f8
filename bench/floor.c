/*
 * floor: the reference for bench-http. A bare libmicrohttpd server with the
 * daemon settings wsaerrd uses (internal thread pool, epoll, answer on the
 * second call), answering every request with one fixed body of a given
 * size. What it does per request is the least any service on this library
 * can do, so wsaerrd's throughput as a ratio of it is the cost of wsaerrd.
 * A request with If-None-Match gets a 304 with no body, and the path
 * "/404" a 404 with a body of NOT_FOUND_BYTES: the least a 304 or a 404
 * can cost, for the cases that compare those.
 *
 *   floor PORT BODY_BYTES THREADS [NOT_FOUND_BYTES]
 */
#include <microhttpd.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct MHD_Response *response, *not_modified, *not_found;

static enum MHD_Result answer(void *cls, struct MHD_Connection *conn,
                              const char *url, const char *method,
                              const char *version, const char *upload_data,
                              size_t *upload_size, void **req_cls)
{
	static int marker;

	(void)cls;
	(void)method;
	(void)version;
	(void)upload_data;
	(void)upload_size;
	if (*req_cls == NULL) {
		*req_cls = &marker;
		return MHD_YES;
	}
	if (MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "If-None-Match"))
		return MHD_queue_response(conn, MHD_HTTP_NOT_MODIFIED,
		                          not_modified);
	if (strcmp(url, "/404") == 0)
		return MHD_queue_response(conn, MHD_HTTP_NOT_FOUND, not_found);
	return MHD_queue_response(conn, MHD_HTTP_OK, response);
}

int main(int argc, char **argv)
{
	static char body[65536];
	struct MHD_Daemon *d;
	size_t len, len404;
	unsigned threads;
	sigset_t stop;
	int sig;

	if (argc != 4 && argc != 5) {
		fprintf(stderr, "usage: floor PORT BODY_BYTES THREADS "
		                "[NOT_FOUND_BYTES]\n");
		return 2;
	}
	len = strtoul(argv[2], NULL, 10);
	threads = (unsigned)strtoul(argv[3], NULL, 10);
	len404 = argc == 5 ? strtoul(argv[4], NULL, 10) : len;
	if (len > sizeof(body))
		len = sizeof(body);
	if (len404 > sizeof(body))
		len404 = sizeof(body);
	memset(body, 'x', len);
	response = MHD_create_response_from_buffer(len, body,
	                                           MHD_RESPMEM_PERSISTENT);
	MHD_add_response_header(response, "Content-Type",
	                        "application/json; charset=utf-8");
	not_found = MHD_create_response_from_buffer(len404, body,
	                                            MHD_RESPMEM_PERSISTENT);
	MHD_add_response_header(not_found, "Content-Type",
	                        "application/problem+json");
	/* libmicrohttpd never sends a 304's body; its Content-Length is the
	 * 200's, as wsaerrd's is */
	not_modified = MHD_create_response_from_buffer(len, body,
	                                               MHD_RESPMEM_PERSISTENT);
	MHD_add_response_header(not_modified, "ETag", "\"f\"");
	if (!response || !not_found || !not_modified) {
		fprintf(stderr, "floor: out of memory\n");
		return 1;
	}
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	d = MHD_start_daemon(
	        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL,
	        (uint16_t)strtoul(argv[1], NULL, 10), NULL, NULL, answer, NULL,
	        MHD_OPTION_THREAD_POOL_SIZE, threads > 1 ? threads : 0,
	        MHD_OPTION_CONNECTION_LIMIT, 1024u, MHD_OPTION_END);
	if (!d) {
		fprintf(stderr, "floor: cannot listen\n");
		return 1;
	}
	sigwait(&stop, &sig);
	MHD_stop_daemon(d);
	MHD_destroy_response(response);
	MHD_destroy_response(not_found);
	MHD_destroy_response(not_modified);
	return 0;
}
