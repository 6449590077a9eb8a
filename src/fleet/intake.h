/* intake: a report's text, checked as JSON and made fit for the YAML layer before it is parsed. */
#pragma once

#include <stddef.h>

#include "shared/diag.h"

struct strbuf;

/* Appends to OUT the LEN bytes of TEXT, a JSON document, as text that libyaml reads to
 * the same values: outside strings only JSON's tokens (whitespace, punctuation, numbers,
 * true, false, null; a leading BOM is dropped); inside them, the characters libyaml
 * refuses or takes for line breaks (DEL, C1, U+2028, U+2029, non-characters, marks
 * that reorder text) become \u escapes, a surrogate pair one \U escape, and a lone
 * surrogate or \u0000 U+FFFD. -EINVAL, with D naming NAME, line and column, for text
 * that is not JSON: another byte outside a string, a raw control character inside
 * one, an unknown escape, bytes that are not UTF-8, a string left open. */
int intake_json(const char *text, size_t len, const char *name, struct strbuf *out,
                struct diag *d);
