/* 简单的 UTF-8 计数 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_LINE 4096
#define IS_CONT(b) (((b) & 0xC0) == 0x80)

typedef struct {
    size_t chars;
    size_t bytes;
} count_t;

static count_t count_utf8(const unsigned char *s, size_t n) {
    count_t c = {0, n};
    for (size_t i = 0; i < n; i++) {
        if (!IS_CONT(s[i])) {
            c.chars++;
        }
    }
    return c;
}

int main(int argc, char **argv) {
    char line[MAX_LINE];
    FILE *f = argc > 1 ? fopen(argv[1], "r") : stdin;
    if (f == NULL) {
        perror("fopen");
        return EXIT_FAILURE;
    }
    unsigned long total = 0UL;
    while (fgets(line, sizeof line, f) != NULL) {
        count_t c = count_utf8((const unsigned char *)line, strlen(line));
        total += c.chars;
    }
    printf("%lu 个字符, '%c', %f\n", total, 'x', 1.5e-3);
    return 0;
}
