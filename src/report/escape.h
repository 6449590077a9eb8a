/* escape: the one place where text from a node or a report becomes safe output — for a
 * terminal, JSON, XML and HTML, Prometheus labels and URIs. Every writer goes through it. */
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct strbuf;

/* What one character is to an output. */
enum escape_class {
        ESCAPE_PLAIN,   /* written as it is */
        ESCAPE_CONTROL, /* C0 (tab and newline too), DEL, C1 (U+0080-U+009F) */
        ESCAPE_NONCHAR, /* U+FDD0-U+FDEF and the last two code points of every plane */
        ESCAPE_FORMAT,  /* invisible or reordering: bidirectional controls, line and
                         * paragraph separators, zero-width space, word joiner, BOM */
        ESCAPE_INVALID, /* a byte that starts no valid UTF-8 sequence */
        _ESCAPE_MAX,
};

/* Length of the valid UTF-8 sequence at P (1-4), or 0 when invalid. */
size_t utf8_valid_len(const unsigned char *p);
/* The character at S (not its terminating NUL): its length in bytes (1 for an invalid
 * byte), its code point (the byte itself when invalid) and its class. */
size_t escape_next(const char *s, uint32_t *ret_cp, enum escape_class *ret_class);

/* For a terminal: every character not ESCAPE_PLAIN is written as visible text — \t, \n,
 * \r, \xNN (other C0, DEL, a byte that is not UTF-8), \uNNNN or \UNNNNNNNN. NULL writes
 * nothing. Backslashes stay as they are (remediations quote shell commands). */
void escape_text(FILE *f, const char *s);
/* The same, appended to SB: for columns padded to a width. */
void escape_text_buf(struct strbuf *sb, const char *s);
/* A JSON string literal: quote and backslash escaped, every character not ESCAPE_PLAIN
 * as \uNNNN (a pair beyond the BMP, \n \t \r for those), invalid UTF-8 as \ufffd; NULL
 * is written as null. */
void json_put_string(FILE *f, const char *s);
/* XML and HTML text or attribute value: & < > " ' as entities, tab and newline kept,
 * every other character not ESCAPE_PLAIN replaced by U+FFFD (XML 1.0 forbids most of
 * them; the rest would reorder or hide what a reader sees). */
void xml_put_string(FILE *f, const char *s);
/* A Prometheus label value, between its quotes: backslash, quote and newline escaped,
 * every other character not ESCAPE_PLAIN replaced by U+FFFD. */
void escape_prom_label(FILE *f, const char *s);
/* The N bytes at S as the path of a URI: every byte but ALPHA, DIGIT, - . _ ~ and /
 * percent-encoded (so # ? % space, controls and all non-ASCII bytes). Safe inside a
 * JSON string or an XML attribute as it is. */
void escape_uri_path(FILE *f, const char *s, size_t n);
