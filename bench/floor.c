/* floor: what the kernel charges for the least a scanner must do per
 * process, on this machine: open, read and close PROC/PID/cmdline (the same
 * openat2 nodeaudit uses), and one null system call for scale.
 *
 *   floor PROC_DIR     prints: syscall_us=N cmdline_us=N processes=N
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static double now_us(void)
{
        struct timespec t;
        clock_gettime(CLOCK_MONOTONIC, &t);
        return (double)t.tv_sec * 1e6 + (double)t.tv_nsec / 1e3;
}

int main(int argc, char **argv)
{
        if (argc != 2) {
                fprintf(stderr, "usage: floor PROC_DIR\n");
                return 2;
        }
        int dfd = open(argv[1], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        DIR *d = dfd < 0 ? NULL : fdopendir(dup(dfd));
        if (!d) {
                perror(argv[1]);
                return 2;
        }
        int *pids = NULL;
        size_t n = 0, cap = 0;
        struct dirent *de;
        while ((de = readdir(d))) {
                if (de->d_name[0] < '1' || de->d_name[0] > '9')
                        continue;
                if (n == cap) {
                        cap = cap ? cap * 2 : 1024;
                        pids = realloc(pids, cap * sizeof(*pids));
                        if (!pids)
                                return 2;
                }
                pids[n++] = atoi(de->d_name);
        }
        closedir(d);
        const int calls = 100000;
        double t0 = now_us();
        for (int i = 0; i < calls; i++)
                syscall(SYS_getppid);
        double sys_us = (now_us() - t0) / calls;
        struct open_how how = {.flags = O_RDONLY | O_CLOEXEC,
                               .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS};
        char buf[4096], path[64];
        double best = 0;
        for (int round = 0; round < 5; round++) {
                t0 = now_us();
                for (size_t i = 0; i < n; i++) {
                        snprintf(path, sizeof(path), "%d/cmdline", pids[i]);
                        int fd = (int)syscall(SYS_openat2, dfd, path, &how, sizeof(how));
                        if (fd < 0)
                                continue;
                        if (read(fd, buf, sizeof(buf)) < 0)
                                perror(path);
                        close(fd);
                }
                double per = n ? (now_us() - t0) / (double)n : 0;
                if (round == 0 || per < best)
                        best = per;
        }
        printf("syscall_us=%.2f cmdline_us=%.2f processes=%zu\n", sys_us, best, n);
        free(pids);
        return 0;
}
