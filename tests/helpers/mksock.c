/* mksock: leaves a UNIX socket at PATH, for hostile fixtures (a socket where a file is expected). */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

int main(int argc, char **argv)
{
        if (argc != 2 || strlen(argv[1]) >= sizeof(((struct sockaddr_un *)0)->sun_path)) {
                fprintf(stderr, "usage: mksock PATH\n");
                return 2;
        }
        struct sockaddr_un sa = {.sun_family = AF_UNIX};
        strcpy(sa.sun_path, argv[1]);
        int fd = socket(AF_UNIX, SOCK_STREAM, 0);
        if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
                perror("mksock");
                return 1;
        }
        close(fd);
        return 0;
}
