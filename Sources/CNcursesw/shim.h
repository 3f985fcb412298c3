// Wide-character ncurses for Swift. Not a public API of LossLab: only the
// LabTerminal target includes it.
#ifndef LOSSLAB_CNCURSESW_SHIM_H
#define LOSSLAB_CNCURSESW_SHIM_H

#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif

#include <locale.h>
#include <langinfo.h>
#include <stdio.h>
#include <ncursesw/curses.h>
#include <ncursesw/term.h>

// Swift 6 rejects direct use of mutable C globals; these read them instead.
static inline WINDOW *_losslab_stdscr(void) { return stdscr; }
static inline int _losslab_cols(void) { return COLS; }
static inline int _losslab_lines(void) { return LINES; }
static inline int _losslab_colors(void) { return COLORS; }
static inline int _losslab_color_pairs(void) { return COLOR_PAIRS; }
static inline FILE *_losslab_stdout(void) { return stdout; }
static inline FILE *_losslab_stdin(void) { return stdin; }

// Macros that Swift cannot import as functions.
static inline int _losslab_color_pair(int pair) { return (int)COLOR_PAIR(pair); }
static inline int _losslab_err(void) { return ERR; }
static inline int _losslab_key_code_yes(void) { return KEY_CODE_YES; }
static inline int _losslab_key_resize(void) { return KEY_RESIZE; }

// The number of columns a character takes. Glibc declares wcwidth only for X/Open
// builds, which Swift's Glibc module is not, so the shim declares it itself.
static inline int _losslab_wcwidth(wchar_t character) {
  extern int wcwidth(wchar_t);
  return wcwidth(character);
}

// The terminal description that setupterm loaded, for del_curterm.
static inline TERMINAL *_losslab_cur_term(void) { return cur_term; }

// Video attributes (NCURSES_BITS macros) as attr_t values for wattr_set.
static inline attr_t _losslab_a_normal(void) { return A_NORMAL; }
static inline attr_t _losslab_a_bold(void) { return A_BOLD; }
static inline attr_t _losslab_a_reverse(void) { return A_REVERSE; }
static inline attr_t _losslab_a_dim(void) { return A_DIM; }

#endif
