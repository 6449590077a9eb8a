/* standin: a process that only waits, carrying whatever command line and
 * environment it was started with, so that a private PID namespace shows the
 * benchmark's components and workloads to ps and to nodeaudit alike.
 *
 *   standin [ARG...]          wait for a signal, forever
 *   standin --spawn LIST      start every record of LIST as a standin, then exit
 *
 * LIST holds records of NUL-terminated strings: the program to execute (a
 * link to standin named as the component, so that its comm, which ps -C
 * matches, is the component's), the working directory, the number of
 * arguments, the arguments (argv[0] first), the number of environment
 * entries, the entries. Built static, so that 10,000 of them cost
 * little memory and start fast. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *next(char **p, char *end)
{
        if (*p >= end)
                return NULL;
        char *s = *p;
        char *nul = memchr(s, '\0', (size_t)(end - s));
        if (!nul)
                return NULL;
        *p = nul + 1;
        return s;
}

static int spawn_all(const char *list)
{
        int fd = open(list, O_RDONLY | O_CLOEXEC);
        struct stat st;
        if (fd < 0 || fstat(fd, &st) < 0) {
                perror(list);
                return 1;
        }
        char *buf = malloc((size_t)st.st_size + 1);
        size_t len = 0;
        while (buf && len < (size_t)st.st_size) {
                ssize_t n = read(fd, buf + len, (size_t)st.st_size - len);
                if (n <= 0)
                        break;
                len += (size_t)n;
        }
        close(fd);
        if (!buf || len != (size_t)st.st_size) {
                fprintf(stderr, "standin: cannot read %s\n", list);
                return 1;
        }
        char *p = buf, *end = buf + len;
        int started = 0;
        while (p < end) {
                char *prog = next(&p, end), *cwd = next(&p, end), *s = next(&p, end);
                if (!prog || !cwd || !s)
                        break;
                int argc = atoi(s);
                char **argv = calloc((size_t)argc + 1, sizeof(char *));
                for (int i = 0; i < argc; i++)
                        argv[i] = next(&p, end);
                s = next(&p, end);
                int envc = s ? atoi(s) : 0;
                char **envp = calloc((size_t)envc + 1, sizeof(char *));
                for (int i = 0; i < envc; i++)
                        envp[i] = next(&p, end);
                if (argc < 1 || !argv[argc - 1] || (envc && !envp[envc - 1])) {
                        fprintf(stderr, "standin: %s: a broken record\n", list);
                        return 1;
                }
                pid_t pid = fork();
                if (pid < 0) {
                        perror("standin: fork");
                        return 1;
                }
                if (pid == 0) {
                        /* not the spawner's output: whoever reads it waits for no one */
                        int null = open("/dev/null", O_RDWR);
                        if (null < 0 || dup2(null, 0) < 0 || dup2(null, 1) < 0 || dup2(null, 2) < 0)
                                _exit(127);
                        if (chdir(cwd) < 0)
                                _exit(127);
                        execve(prog, argv, envp);
                        _exit(127);
                }
                free(argv);
                free(envp);
                started++;
        }
        printf("%d\n", started);
        return 0;
}

int main(int argc, char **argv)
{
        if (argc == 3 && strcmp(argv[1], "--spawn") == 0)
                return spawn_all(argv[2]);
        for (;;)
                pause();
}
