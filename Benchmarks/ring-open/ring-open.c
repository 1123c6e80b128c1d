/* Where the time of opening a capture goes: opens and closes a libpcap handle on
   INTERFACE the way the agent's InterfaceCapture does (snap length 65535, no
   immediate mode: a TPACKET_V3 ring, nanosecond timestamps, 2 ms block timeout,
   a kernel filter) for ring sizes of 1 to 32 MiB, 3 rounds, and prints the time
   of pcap_activate, of the filter and of pcap_close for each.
   Build and run (root; run it under `strace -T -e trace=setsockopt,close` to see
   the system calls that take the time):
     cc -O2 -o ring-open Benchmarks/ring-open/ring-open.c -lpcap
     ./ring-open INTERFACE */
#include <pcap/pcap.h>
#include <stdio.h>
#include <time.h>

static double milliseconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

int main(int argc, char **argv) {
    if (argc != 2) { fprintf(stderr, "usage: ring-open INTERFACE\n"); return 2; }
    char error[PCAP_ERRBUF_SIZE];
    const int sizes[] = {1, 2, 4, 8, 16, 20, 32};
    for (int round = 0; round < 3; round++) {
        for (unsigned i = 0; i < sizeof sizes / sizeof *sizes; i++) {
            pcap_t *p = pcap_create(argv[1], error);
            if (!p) { fprintf(stderr, "%s\n", error); return 1; }
            pcap_set_snaplen(p, 65535);
            pcap_set_immediate_mode(p, 0);
            pcap_set_buffer_size(p, sizes[i] << 20);
            pcap_set_tstamp_precision(p, PCAP_TSTAMP_PRECISION_NANO);
            pcap_set_timeout(p, 2);
            double t0 = milliseconds();
            int status = pcap_activate(p);
            double t1 = milliseconds();
            struct bpf_program filter;
            if (pcap_compile(p, &filter, "not (ip proto 47 and host 198.18.0.9) and (udp or tcp)", 1, PCAP_NETMASK_UNKNOWN) == 0) {
                pcap_setfilter(p, &filter);
                pcap_freecode(&filter);
            }
            double t2 = milliseconds();
            pcap_close(p);
            double t3 = milliseconds();
            printf("round %d ring %2d MiB: activate %7.3f ms (status %d), filter %6.3f ms, close %7.3f ms\n",
                   round, sizes[i], t1 - t0, status, t2 - t1, t3 - t2);
        }
    }
    return 0;
}
