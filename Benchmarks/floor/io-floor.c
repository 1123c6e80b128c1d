/*
 * The I/O floor of the tap job: what reading the capture and writing the tap's
 * output costs with no work at all in between. Reads FILE with read(2) in 4 MiB
 * pieces and writes OUT_BYTES bytes (the size of `tapctl tap --write-encap`'s
 * output for the same capture) to OUT in 1 MiB write(2) calls, spread over the
 * input as the tap spreads its output. One thread, touches one byte per KiB.
 *
 *   cc -O2 -o io-floor io-floor.c && ./io-floor CAPTURE OUT OUT_BYTES
 *
 * Used by Benchmarks/jobs/tapfloor.sh: tcpdump's time divided by this
 * program's is the largest ratio any tap could reach against tcpdump here.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static char input[4 << 20], output[1 << 20];

int main(int argc, char **argv) {
    if (argc != 4) { fprintf(stderr, "usage: io-floor CAPTURE OUT OUT_BYTES\n"); return 2; }
    int in = open(argv[1], O_RDONLY);
    int out = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC, 0644);
    struct stat status;
    if (in < 0 || out < 0 || fstat(in, &status) != 0) { perror("io-floor"); return 1; }
    long long goal = atoll(argv[3]), read_total = 0, written = 0;
    unsigned long touched = 0;
    ssize_t got;
    while ((got = read(in, input, sizeof input)) > 0) {
        for (ssize_t i = 0; i < got; i += 1024) touched += (unsigned char)input[i];
        read_total += got;
        long long due = (long long)((double)goal * read_total / status.st_size);
        while (written < due) {
            long long piece = due - written < (long long)sizeof output ? due - written : (long long)sizeof output;
            if (write(out, output, piece) != piece) { perror("io-floor: write"); return 1; }
            written += piece;
        }
    }
    if (got < 0 || close(out) != 0) { perror("io-floor"); return 1; }
    printf("read %lld bytes, wrote %lld bytes (checksum %lu)\n", read_total, written, touched);
    return 0;
}
