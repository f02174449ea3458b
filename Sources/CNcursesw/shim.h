// ncursesw for Swift. The wide-character API needs these defines before the header (SwiftPM
// drops pkg-config's -D_XOPEN_SOURCE). Macros and the stdscr/LINES/COLS globals do not import
// into Swift 6, so they are reached through the inline functions below.
#ifndef CONCORD_NCURSES_SHIM_H
#define CONCORD_NCURSES_SHIM_H

#define _XOPEN_SOURCE_EXTENDED 1
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <langinfo.h>
#include <signal.h>
#include <stdio.h>
#include <wchar.h>
#include <ncurses.h>

static inline WINDOW *concord_stdscr(void) { return stdscr; }
static inline FILE *concord_stdin(void) { return stdin; }
static inline FILE *concord_stdout(void) { return stdout; }
static inline int concord_locale_is_utf8(void) { const char *set = nl_langinfo(CODESET); return set && (set[0] == 'U' || set[0] == 'u') && set[1] == 'T' && set[2] == 'F'; }
static inline int concord_lines(void) { return LINES; }
static inline int concord_cols(void) { return COLS; }

static inline attr_t concord_a_bold(void) { return A_BOLD; }
static inline attr_t concord_a_dim(void) { return A_DIM; }
static inline attr_t concord_a_italic(void) { return A_ITALIC; }
static inline attr_t concord_a_underline(void) { return A_UNDERLINE; }
static inline attr_t concord_a_reverse(void) { return A_REVERSE; }
static inline attr_t concord_color_pair(int pair) { return COLOR_PAIR(pair); }

static inline int concord_key_code_yes(void) { return KEY_CODE_YES; }
static inline int concord_key_resize(void) { return KEY_RESIZE; }

// Signals set a flag that the event loop polls; the loop then restores the terminal and exits.
// (Swift cannot keep a mutable global under strict concurrency; a C one is async-signal-safe.)
static volatile sig_atomic_t concord_signal_received = 0;
static inline void concord_on_signal(int signal_number) { concord_signal_received = signal_number; }
static inline void concord_install_signal_handlers(void) {
    // A parent may have started us with these blocked (a thread of a test runner, say): the
    // mask survives exec, and then resize and hang-up would never arrive. Unblock them.
    sigset_t wanted;
    sigemptyset(&wanted);
    sigaddset(&wanted, SIGWINCH);
    sigaddset(&wanted, SIGTERM);
    sigaddset(&wanted, SIGHUP);
    sigaddset(&wanted, SIGINT);
    sigaddset(&wanted, SIGQUIT);
    sigprocmask(SIG_UNBLOCK, &wanted, NULL);
    struct sigaction action;
    action.sa_handler = concord_on_signal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;
    sigaction(SIGTERM, &action, NULL);
    sigaction(SIGHUP, &action, NULL);
    sigaction(SIGINT, &action, NULL);
    sigaction(SIGQUIT, &action, NULL);
}
static inline int concord_pending_signal(void) { return concord_signal_received; }

#endif
