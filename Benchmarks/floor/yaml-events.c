/*
 * The YAML floor of loading a policy: how long libyaml (the parser FlatYAML reads
 * policies with) takes just to deliver a file's events, with nothing built from
 * them. Reads FILE into memory once, then parses it RUNS times (default 30) with
 * yaml_parser_parse, deleting each event, and prints the event count and the
 * median time of one parse.
 *
 *   cc -O2 -o yaml-events yaml-events.c -lyaml && ./yaml-events POLICY.yaml [RUNS]
 *
 * Docs/Policy.md ("Benchmarks") uses it for the 10,000-rule benchmark policy:
 * whatever loading costs beyond this number is ours.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <yaml.h>

static int compare(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE [RUNS]\n", argv[0]);
        return 2;
    }
    int runs = argc > 2 ? atoi(argv[2]) : 30;
    if (runs < 1 || runs > 10000) {
        fprintf(stderr, "RUNS must be 1-10000\n");
        return 2;
    }
    FILE *file = fopen(argv[1], "rb");
    if (!file) {
        perror(argv[1]);
        return 1;
    }
    fseek(file, 0, SEEK_END);
    long size = ftell(file);
    rewind(file);
    unsigned char *text = malloc(size > 0 ? size : 1);
    if (!text || fread(text, 1, size, file) != (size_t)size) {
        fprintf(stderr, "cannot read %s\n", argv[1]);
        return 1;
    }
    fclose(file);
    double *milliseconds = malloc(sizeof(double) * runs);
    long events = 0;
    for (int run = 0; run < runs; run++) {
        struct timespec start, end;
        clock_gettime(CLOCK_MONOTONIC, &start);
        yaml_parser_t parser;
        yaml_parser_initialize(&parser);
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
        yaml_parser_set_input_string(&parser, text, size);
        yaml_event_t event;
        events = 0;
        for (;;) {
            if (!yaml_parser_parse(&parser, &event)) {
                fprintf(stderr, "%s: %s at line %zu\n", argv[1], parser.problem ? parser.problem : "error",
                        parser.problem_mark.line + 1);
                return 1;
            }
            int type = event.type;
            yaml_event_delete(&event);
            events++;
            if (type == YAML_STREAM_END_EVENT) break;
        }
        yaml_parser_delete(&parser);
        clock_gettime(CLOCK_MONOTONIC, &end);
        milliseconds[run] = (end.tv_sec - start.tv_sec) * 1e3 + (end.tv_nsec - start.tv_nsec) / 1e6;
    }
    qsort(milliseconds, runs, sizeof(double), compare);
    printf("%ld events, %ld bytes: %.2f ms per parse (median of %d)\n", events, size, milliseconds[runs / 2], runs);
    return 0;
}
