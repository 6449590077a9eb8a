/* timeit: runs a command R times and prints its median, minimum and maximum
 * wall time in microseconds and its peak resident set size in KiB.
 *
 *   timeit [-r RUNS] [-w WARMUP] [-o FILE] -- COMMAND [ARG...]
 *
 * The command's stdout and stderr go to /dev/null (or -o FILE). Each run is
 * started with posix_spawn and reaped with wait4, so the time is the whole
 * process: exec, dynamic linking, the work and exit. Exit status 0 and 1 are
 * both a completed run (a scan with findings exits 1); anything else stops
 * the measurement with exit 2. Output, one line:
 *   median_us=N min_us=N max_us=N maxrss_kb=N runs=N status=N
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static double now_us(void)
{
        struct timespec t;
        clock_gettime(CLOCK_MONOTONIC, &t);
        return (double)t.tv_sec * 1e6 + (double)t.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
        double x = *(const double *)a, y = *(const double *)b;
        return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
        int runs = 21, warmup = 2, opt;
        const char *out = "/dev/null";
        while ((opt = getopt(argc, argv, "+r:w:o:")) != -1) {
                switch (opt) {
                case 'r':
                        runs = atoi(optarg);
                        break;
                case 'w':
                        warmup = atoi(optarg);
                        break;
                case 'o':
                        out = optarg;
                        break;
                default:
                        fprintf(stderr, "usage: timeit [-r RUNS] [-w WARMUP] [-o FILE] -- COMMAND [ARG...]\n");
                        return 2;
                }
        }
        if (optind >= argc || runs < 1 || warmup < 0) {
                fprintf(stderr, "usage: timeit [-r RUNS] [-w WARMUP] [-o FILE] -- COMMAND [ARG...]\n");
                return 2;
        }
        char **cmd = argv + optind;
        double *t = calloc((size_t)runs, sizeof(*t));
        if (!t)
                return 2;
        long maxrss = 0;
        int status = 0;
        for (int i = -warmup; i < runs; i++) {
                posix_spawn_file_actions_t fa;
                posix_spawn_file_actions_init(&fa);
                posix_spawn_file_actions_addopen(&fa, 1, out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
                posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
                pid_t pid;
                double t0 = now_us();
                int err = posix_spawnp(&pid, cmd[0], &fa, NULL, cmd, environ);
                posix_spawn_file_actions_destroy(&fa);
                if (err) {
                        fprintf(stderr, "timeit: %s: %s\n", cmd[0], strerror(err));
                        return 2;
                }
                int st;
                struct rusage ru;
                if (wait4(pid, &st, 0, &ru) < 0) {
                        perror("timeit: wait4");
                        return 2;
                }
                double dt = now_us() - t0;
                if (!WIFEXITED(st) || WEXITSTATUS(st) > 1) {
                        fprintf(stderr, "timeit: %s: %s %d\n", cmd[0],
                                WIFEXITED(st) ? "exit status" : "killed by signal",
                                WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st));
                        return 2;
                }
                status = WEXITSTATUS(st);
                if (i < 0)
                        continue;
                t[i] = dt;
                if (ru.ru_maxrss > maxrss)
                        maxrss = ru.ru_maxrss;
        }
        qsort(t, (size_t)runs, sizeof(*t), cmp_double);
        double median = runs % 2 ? t[runs / 2] : (t[runs / 2 - 1] + t[runs / 2]) / 2;
        printf("median_us=%.0f min_us=%.0f max_us=%.0f maxrss_kb=%ld runs=%d status=%d\n", median,
               t[0], t[runs - 1], maxrss, runs, status);
        free(t);
        return 0;
}
