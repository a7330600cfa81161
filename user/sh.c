/*
 * sh: the pinos shell.
 *
 *	sh			read commands from stdin (prompt "pinos$ ")
 *	sh FILE [ARG...]	run the commands in FILE, exit with the last
 *				status
 *	sh -c 'COMMANDS'	run COMMANDS, exit with the last status
 *
 * A line holds pipelines (cmd | cmd ...) joined by ";", "&&" or "||".
 * Words split on blanks; '...' quotes literally, "..." quotes with \",
 * \\ and \$ escapes, a backslash outside quotes escapes one character,
 * "#" at the start of a word begins a comment and $? is the last
 * status. A command may redirect input (< FILE) and output (> FILE,
 * >> FILE). Builtins: cd, exit [N], pwd, echo [-n], help. Any other
 * command is a program: a name with a '/' is a path, otherwise it is
 * searched in $PATH (default /bin) and run with fork, execve and
 * wait4; a file that is not an executable image runs as a shell
 * script. After a command killed by a signal the shell prints
 * "[killed by SIGNAME]", and at the prompt "[exit N]" after a non-zero
 * status.
 *
 * At a terminal the shell edits the line itself: the pinos console
 * does not echo, so each character read is echoed, "\r" ends the line
 * like "\n", backspace (0x08) and DEL (0x7f) erase, ^U erases the line,
 * ^C abandons it and ^D on an empty line ends the shell. When the
 * terminal reports (TCGETS) that it echoes by itself, as a host Linux
 * terminal does, the shell does not echo again.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <pinos.h>

#define LINE_MAX_LEN	1024
#define MAX_TOKENS	256
#define MAX_ARGS	64
#define MAX_CMDS	16
#define PATH_LEN	512
#define PROMPT		"pinos$ "
#define STATUS_MARK	'\001'	/* stands for $? until a command runs */

/* Linux terminal ioctl, to ask whether the terminal echoes. */
#define TCGETS		0x5401
#define TERMIOS_ECHO	0x0008

enum tok_type {
	T_WORD, T_SEMI, T_AND, T_OR, T_PIPE, T_IN, T_OUT, T_APPEND, T_END
};

struct token {
	enum tok_type type;
	char *word;
};

/* A line split into tokens; words live in words[]. */
struct lexed {
	struct token tok[MAX_TOKENS];
	int ntok;
	char words[2 * LINE_MAX_LEN];
	size_t used;
};

struct command {
	char *argv[MAX_ARGS + 1];
	int argc;
	char *in, *out;		/* redirections, or NULL */
	int append;
};

/* Buffered input from one descriptor. */
struct input {
	int fd;
	int pos, len;
	int last_cr;		/* a '\n' right after '\r' is the same end */
	char buf[512];
};

extern char **environ;

static int last_status;
static int interactive;		/* prompt and [exit N] */
static int echo_self;		/* we echo and edit the line */

static void
outf(int fd, const char *fmt, ...)
{
	char buf[LINE_MAX_LEN + 128];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(buf) - 1)
		n = sizeof(buf) - 1;
	if (n > 0 && write(fd, buf, n) < 0)
		return;
}

#define err(...) outf(2, "sh: " __VA_ARGS__)

static void
put(const char *s, size_t n)
{
	if (write(1, s, n) < 0)
		return;
}

/* ---- input ---- */

static int
in_getc(struct input *in)
{
	ssize_t n;

	if (in->pos == in->len) {
		do
			n = read(in->fd, in->buf, sizeof(in->buf));
		while (n < 0 && errno == EINTR);
		if (n <= 0)
			return -1;
		in->pos = 0;
		in->len = (int)n;
	}
	return (unsigned char)in->buf[in->pos++];
}

/* The next input character, with "\r\n" and "\r" turned into "\n". */
static int
in_getc_eol(struct input *in)
{
	int c = in_getc(in);

	if (c == '\n' && in->last_cr)
		c = in_getc(in);
	in->last_cr = c == '\r';
	return c == '\r' ? '\n' : c;
}

/* Erase the last character of line[0..*n) on the screen and in line. */
static void
erase_char(char *line, int *n)
{
	if (*n == 0)
		return;
	/* A UTF-8 character: drop its continuation bytes too. */
	while (*n > 1 && ((unsigned char)line[*n - 1] & 0xc0) == 0x80)
		(*n)--;
	(*n)--;
	put("\b \b", 3);
}

/*
 * Read a line at a terminal, echoing and editing. Returns its length,
 * or -1 at end of input (or ^D on an empty line).
 */
static int
edit_line(struct input *in, char *line, int size)
{
	int c, n = 0;
	char ch;

	for (;;) {
		c = in_getc_eol(in);
		if (c < 0 || (c == 0x04 && n == 0)) {
			if (n == 0)
				return -1;
			c = '\n';
		}
		if (c == '\n')
			break;
		if (c == 0x7f || c == 0x08) {
			erase_char(line, &n);
		} else if (c == 0x15) {		/* ^U */
			while (n > 0)
				erase_char(line, &n);
		} else if (c == 0x03) {		/* ^C */
			put("^C\n", 3);
			line[0] = '\0';
			return 0;
		} else if ((c >= 0x20 || c == '\t') && n < size - 1) {
			ch = c == '\t' ? ' ' : (char)c;
			line[n++] = ch;
			put(&ch, 1);
		}
	}
	put("\n", 1);
	line[n] = '\0';
	return n;
}

/* Read a line without echo (script, pipe or echoing terminal). */
static int
read_line(struct input *in, char *line, int size)
{
	int c, n = 0, over = 0;

	while ((c = in_getc_eol(in)) >= 0 && c != '\n') {
		if (n < size - 1)
			line[n++] = (char)c;
		else
			over = 1;
	}
	if (c < 0 && n == 0)
		return -1;
	line[n] = '\0';
	if (over)
		err("line too long, cut to %d bytes\n", size - 1);
	return n;
}

/* ---- lexing ---- */

static int
add_char(struct lexed *lx, char c)
{
	if (lx->used >= sizeof(lx->words) - 1) {
		err("line too long\n");
		return -1;
	}
	lx->words[lx->used++] = c;
	return 0;
}

static int
add_token(struct lexed *lx, enum tok_type type, char *word)
{
	if (lx->ntok >= MAX_TOKENS - 1) {
		err("too many words\n");
		return -1;
	}
	lx->tok[lx->ntok].type = type;
	lx->tok[lx->ntok].word = word;
	lx->ntok++;
	return 0;
}

static int
is_special(char c)
{
	return c == ';' || c == '&' || c == '|' || c == '<' || c == '>';
}

static int
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* An operator at s; returns the text after it, or NULL on error. */
static const char *
lex_operator(struct lexed *lx, const char *s)
{
	enum tok_type t;
	int len = 1;

	if (s[0] == '&' && s[1] == '&')
		t = T_AND, len = 2;
	else if (s[0] == '|' && s[1] == '|')
		t = T_OR, len = 2;
	else if (s[0] == '>' && s[1] == '>')
		t = T_APPEND, len = 2;
	else if (s[0] == '|')
		t = T_PIPE;
	else if (s[0] == '>')
		t = T_OUT;
	else if (s[0] == '<')
		t = T_IN;
	else if (s[0] == ';')
		t = T_SEMI;
	else {
		err("'&': background jobs are not supported\n");
		return NULL;
	}
	return add_token(lx, t, NULL) == 0 ? s + len : NULL;
}

/* Inside "...": returns the text after the closing quote, or NULL. */
static const char *
lex_dquote(struct lexed *lx, const char *s)
{
	char c;

	for (; *s && *s != '"'; s++) {
		c = *s;
		if (c == '\\' && (s[1] == '"' || s[1] == '\\' || s[1] == '$')) {
			c = *++s;
		} else if (c == '$' && s[1] == '?') {
			c = STATUS_MARK;
			s++;
		}
		if (add_char(lx, c))
			return NULL;
	}
	if (*s != '"') {
		err("syntax error: unterminated \"\n");
		return NULL;
	}
	return s + 1;
}

static const char *
lex_squote(struct lexed *lx, const char *s)
{
	for (; *s && *s != '\''; s++)
		if (add_char(lx, *s))
			return NULL;
	if (*s != '\'') {
		err("syntax error: unterminated '\n");
		return NULL;
	}
	return s + 1;
}

/* One word at s; returns the text after it, or NULL on error. */
static const char *
lex_word(struct lexed *lx, const char *s)
{
	char *word = lx->words + lx->used;

	while (s != NULL && *s && !is_blank(*s) && !is_special(*s)) {
		if (*s == '\'') {
			s = lex_squote(lx, s + 1);
		} else if (*s == '"') {
			s = lex_dquote(lx, s + 1);
		} else if (*s == '\\' && s[1]) {
			s = add_char(lx, s[1]) ? NULL : s + 2;
		} else if (*s == '$' && s[1] == '?') {
			s = add_char(lx, STATUS_MARK) ? NULL : s + 2;
		} else {
			s = add_char(lx, *s) ? NULL : s + 1;
		}
	}
	if (s == NULL || add_char(lx, '\0') || add_token(lx, T_WORD, word))
		return NULL;
	return s;
}

/* Split line into tokens ending with T_END; -1 on a syntax error. */
static int
lex(struct lexed *lx, const char *s)
{
	lx->ntok = 0;
	lx->used = 0;
	for (;;) {
		while (is_blank(*s))
			s++;
		if (*s == '\0' || *s == '#')
			break;
		s = is_special(*s) ? lex_operator(lx, s) : lex_word(lx, s);
		if (s == NULL)
			return -1;
	}
	return add_token(lx, T_END, NULL);
}

/* ---- parsing ---- */

static int
syntax(const char *what)
{
	err("syntax error: %s\n", what);
	return -1;
}

/* A redirection at token t (its file follows) into c. */
static int
parse_redirect(struct command *c, const struct token *t)
{
	if (t[1].type != T_WORD)
		return syntax("redirection without a file name");
	if (t->type == T_IN) {
		c->in = t[1].word;
	} else {
		c->out = t[1].word;
		c->append = t->type == T_APPEND;
	}
	return 0;
}

/*
 * The pipeline starting at token *i, up to the next ";", "&&", "||"
 * or the end, into cmds. Returns the number of commands (0 for none),
 * or -1 after a syntax error; *i is left on the separator.
 */
static int
parse_pipeline(struct lexed *lx, int *i, struct command *cmds)
{
	struct command *c = cmds;
	const struct token *t;
	int n = 0;

	memset(c, 0, sizeof(*c));
	for (;; (*i)++) {
		t = &lx->tok[*i];
		if (t->type == T_WORD) {
			if (c->argc == MAX_ARGS)
				return syntax("too many arguments");
			c->argv[c->argc++] = t->word;
		} else if (t->type == T_IN || t->type == T_OUT ||
		    t->type == T_APPEND) {
			if (parse_redirect(c, t) != 0)
				return -1;
			(*i)++;
		} else if (t->type == T_PIPE) {
			if (c->argc == 0)
				return syntax("a command is missing before |");
			if (++n == MAX_CMDS)
				return syntax("pipeline too long");
			c = &cmds[n];
			memset(c, 0, sizeof(*c));
		} else {
			break;
		}
	}
	if (c->argc == 0 && (n > 0 || c->in != NULL || c->out != NULL))
		return syntax("a command is missing");
	return c->argc == 0 ? 0 : n + 1;
}

/* ---- $? expansion, done just before a pipeline runs ---- */

static char expanded[4 * LINE_MAX_LEN];
static size_t expanded_used;

/* word with every STATUS_MARK replaced by $?; NULL when out of room. */
static char *
expand(char *word)
{
	char num[16], *out, *p;
	size_t len, marks = 0;

	if (word == NULL || strchr(word, STATUS_MARK) == NULL)
		return word;
	len = snprintf(num, sizeof(num), "%d", last_status);
	for (p = word; *p; p++)
		marks += *p == STATUS_MARK;
	if (expanded_used + strlen(word) + marks * len + 1 >
	    sizeof(expanded))
		return NULL;
	out = p = expanded + expanded_used;
	for (; *word; word++) {
		if (*word == STATUS_MARK) {
			memcpy(p, num, len);
			p += len;
		} else {
			*p++ = *word;
		}
	}
	*p++ = '\0';
	expanded_used = p - expanded;
	return out;
}

static int
expand_command(struct command *c)
{
	int i;

	for (i = 0; i < c->argc; i++)
		if ((c->argv[i] = expand(c->argv[i])) == NULL)
			return -1;
	c->argv[c->argc] = NULL;
	if (c->in != NULL && (c->in = expand(c->in)) == NULL)
		return -1;
	if (c->out != NULL && (c->out = expand(c->out)) == NULL)
		return -1;
	return 0;
}

/* ---- redirection ---- */

static int
reopen(const char *path, int flags, int target)
{
	int fd = open(path, flags, 0644);

	if (fd < 0) {
		err("%s: %s\n", path, strerror(errno));
		return -1;
	}
	if (fd != target) {
		dup2(fd, target);
		close(fd);
	}
	return 0;
}

static int
redirect(const struct command *c)
{
	int flags = O_WRONLY | O_CREAT | (c->append ? O_APPEND : O_TRUNC);

	if (c->in != NULL && reopen(c->in, O_RDONLY, 0) != 0)
		return -1;
	if (c->out != NULL && reopen(c->out, flags, 1) != 0)
		return -1;
	return 0;
}

/* ---- builtins ---- */

static int
b_cd(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : getenv("HOME");

	if (dir == NULL || *dir == '\0')
		dir = "/";
	if (chdir(dir) != 0) {
		err("cd: %s: %s\n", dir, strerror(errno));
		return 1;
	}
	return 0;
}

static int
b_pwd(int argc, char **argv)
{
	char buf[PATH_LEN];

	if (getcwd(buf, sizeof(buf)) == NULL) {
		err("pwd: %s\n", strerror(errno));
		return 1;
	}
	outf(1, "%s\n", buf);
	return 0;
}

static int
b_exit(int argc, char **argv)
{
	char *end;
	long n;

	if (argc < 2)
		exit(last_status);
	n = strtol(argv[1], &end, 10);
	if (*argv[1] == '\0' || *end != '\0') {
		err("exit: %s: a number is needed\n", argv[1]);
		return 2;
	}
	exit((int)(n & 0xff));
}

static int
b_echo(int argc, char **argv)
{
	int i = 1, newline = 1;

	if (argc > 1 && strcmp(argv[1], "-n") == 0) {
		newline = 0;
		i = 2;
	}
	for (; i < argc; i++)
		outf(1, "%s%s", argv[i], i + 1 < argc ? " " : "");
	if (newline)
		put("\n", 1);
	return 0;
}

static int b_help(int argc, char **argv);

static const struct builtin {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *usage;
} builtins[] = {
	{ "cd", b_cd, "cd [DIR]       change directory ($HOME or /)" },
	{ "echo", b_echo, "echo [-n] ...  print the arguments" },
	{ "exit", b_exit, "exit [N]       leave the shell with status N" },
	{ "help", b_help, "help           this text" },
	{ "pwd", b_pwd, "pwd            print the working directory" },
};

#define NBUILTINS ((int)(sizeof(builtins) / sizeof(builtins[0])))

static const struct builtin *
find_builtin(const char *name)
{
	int i;

	for (i = 0; i < NBUILTINS; i++)
		if (strcmp(builtins[i].name, name) == 0)
			return &builtins[i];
	return NULL;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The programs in /bin, sorted, in columns. */
static void
list_programs(void)
{
	static char *names[256];
	struct dirent *e;
	int i, n = 0, w = 0, cols;
	DIR *d = opendir("/bin");

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL && n < 256)
		if (e->d_name[0] != '.')
			names[n++] = strdup(e->d_name);
	closedir(d);
	qsort(names, n, sizeof(names[0]), cmp_str);
	for (i = 0; i < n; i++)
		if ((int)strlen(names[i]) + 2 > w)
			w = strlen(names[i]) + 2;
	cols = w < 72 ? 72 / w : 1;
	outf(1, "Programs in /bin:\n");
	for (i = 0; i < n; i++) {
		outf(1, "%s%-*s", i % cols ? "" : "  ", w, names[i]);
		if (i % cols == cols - 1 || i == n - 1)
			put("\n", 1);
		free(names[i]);
	}
}

static int
b_help(int argc, char **argv)
{
	int i;

	outf(1, "pinos shell. Builtins:\n");
	for (i = 0; i < NBUILTINS; i++)
		outf(1, "  %s\n", builtins[i].usage);
	outf(1, "Syntax: a | b   a ; b   a && b   a || b   < FILE   > FILE"
	    "   >> FILE\n        'quoted' \"quoted\" \\x  # comment  $? "
	    "(last status)\n");
	list_programs();
	return 0;
}

/* Run a builtin in the shell itself, redirections undone after. */
static int
run_builtin_here(struct command *c, const struct builtin *b)
{
	int saved0 = dup(0), saved1 = dup(1), status = 1;

	if (redirect(c) == 0)
		status = b->fn(c->argc, c->argv);
	if (saved0 >= 0) {
		dup2(saved0, 0);
		close(saved0);
	}
	if (saved1 >= 0) {
		dup2(saved1, 1);
		close(saved1);
	}
	return status;
}

/* ---- programs ---- */

/* Find name as a path, or in $PATH (default /bin), into path. */
static int
find_program(const char *name, char *path, size_t size)
{
	const char *dirs = getenv("PATH"), *end;
	struct stat st;
	int len;

	if (strchr(name, '/') != NULL) {
		snprintf(path, size, "%s", name);
		return 0;
	}
	if (dirs == NULL || *dirs == '\0')
		dirs = "/bin";
	for (;; dirs = end + 1) {
		end = strchr(dirs, ':');
		len = end ? (int)(end - dirs) : (int)strlen(dirs);
		snprintf(path, size, "%.*s/%s", len, len ? dirs : ".", name);
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
			return 0;
		if (end == NULL)
			return -1;
	}
}

/* A file with no NUL byte at its start is text: a script. */
static int
is_text(const char *path)
{
	char buf[256];
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf));
	close(fd);
	return n >= 0 && memchr(buf, '\0', n) == NULL;
}

/* In the child: execute c; never returns. */
static void
exec_program(struct command *c)
{
	char path[PATH_LEN], *argv[MAX_ARGS + 2];
	int i;

	if (find_program(c->argv[0], path, sizeof(path)) != 0) {
		err("%s: command not found\n", c->argv[0]);
		_exit(127);
	}
	execve(path, c->argv, environ);
	if (errno == ENOEXEC && is_text(path)) {
		argv[0] = "sh";
		argv[1] = path;
		for (i = 1; i <= c->argc; i++)
			argv[i + 1] = c->argv[i];
		execve("/bin/sh", argv, environ);
	}
	err("%s: %s\n", c->argv[0], strerror(errno));
	_exit(errno == ENOENT ? 127 : 126);
}

/* In the child: wire the pipe ends, redirect, run. */
static void
run_child(struct command *c, int in, int out, int unused)
{
	const struct builtin *b = find_builtin(c->argv[0]);

	if (unused >= 0)
		close(unused);
	if (in >= 0) {
		dup2(in, 0);
		close(in);
	}
	if (out >= 0) {
		dup2(out, 1);
		close(out);
	}
	if (redirect(c) != 0)
		_exit(1);
	if (b != NULL)
		_exit(b->fn(c->argc, c->argv));
	exec_program(c);
}

/*
 * A wait status as a shell status (128 + N for signal N). A death by
 * signal is always reported; SIGPIPE only for the pipeline's last
 * command, as the others die of it when a reader quits early.
 */
static int
shell_status(int wstatus, int last)
{
	int sig;

	if (!WIFSIGNALED(wstatus))
		return WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 1;
	sig = WTERMSIG(wstatus);
	if (last || sig != SIGPIPE)
		outf(2, "[killed by %s]\n", signal_name(sig));
	return 128 + sig;
}

/* Fork every command of the pipeline, then wait for all of them. */
static int
run_pipeline(struct command *cmds, int n)
{
	int k, in = -1, fds[2], started = 0, status = 1, st;
	pid_t pids[MAX_CMDS], pid;

	for (k = 0; k < n; k++) {
		fds[0] = fds[1] = -1;
		if (k < n - 1 && pipe(fds) != 0) {
			err("pipe: %s\n", strerror(errno));
			break;
		}
		pid = fork();
		if (pid == 0)
			run_child(&cmds[k], in, fds[1], fds[0]);
		if (in >= 0)
			close(in);
		if (fds[1] >= 0)
			close(fds[1]);
		in = fds[0];
		if (pid < 0) {
			err("fork: %s\n", strerror(errno));
			break;
		}
		pids[started++] = pid;
	}
	if (in >= 0)
		close(in);
	for (k = 0; k < started; k++) {
		while (waitpid(pids[k], &st, 0) < 0 && errno == EINTR)
			;
		if (k == n - 1)
			status = shell_status(st, 1);
		else
			shell_status(st, 0);
	}
	return status;
}

/* Run one pipeline and set $?; [exit N] at the prompt. */
static void
run_one(struct command *cmds, int n)
{
	const struct builtin *b;
	int k;

	expanded_used = 0;
	for (k = 0; k < n; k++) {
		if (expand_command(&cmds[k]) != 0) {
			err("line too long after $? expansion\n");
			last_status = 1;
			return;
		}
	}
	b = n == 1 ? find_builtin(cmds[0].argv[0]) : NULL;
	last_status = b ? run_builtin_here(&cmds[0], b) :
	    run_pipeline(cmds, n);
	if (interactive && last_status != 0 && last_status < 128)
		outf(2, "[exit %d]\n", last_status);
}

/* Run the pipelines of a lexed line, honouring ;, && and ||. */
static void
run_tokens(struct lexed *lx)
{
	static struct command cmds[MAX_CMDS];
	enum tok_type op = T_SEMI, sep;
	int i = 0, n;

	while (lx->tok[i].type != T_END) {
		n = parse_pipeline(lx, &i, cmds);
		if (n < 0) {
			last_status = 2;
			return;
		}
		sep = lx->tok[i].type;
		if (sep != T_END)
			i++;
		if (n == 0) {
			if (sep == T_AND || sep == T_OR || op != T_SEMI) {
				syntax("a command is missing");
				last_status = 2;
				return;
			}
			continue;
		}
		if (op == T_SEMI || (op == T_AND && last_status == 0) ||
		    (op == T_OR && last_status != 0))
			run_one(cmds, n);
		op = sep == T_END ? T_SEMI : sep;
	}
}

static void
run_line(const char *line)
{
	static struct lexed lx;

	if (lex(&lx, line) != 0) {
		last_status = 2;
		return;
	}
	run_tokens(&lx);
}

/* sh -c: the string may hold several lines. */
static void
run_string(const char *s)
{
	static char line[LINE_MAX_LEN];
	const char *end;
	size_t len;

	for (; s != NULL; s = end ? end + 1 : NULL) {
		end = strchr(s, '\n');
		len = end ? (size_t)(end - s) : strlen(s);
		if (len >= sizeof(line)) {
			err("line too long\n");
			last_status = 2;
			continue;
		}
		memcpy(line, s, len);
		line[len] = '\0';
		run_line(line);
	}
}

/* ---- main ---- */

/* When pid 1, collect orphans that ended up with us. */
static void
reap_strays(void)
{
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
}

static void
run_input(struct input *in)
{
	static char line[LINE_MAX_LEN];
	int n;

	for (;;) {
		if (interactive) {
			reap_strays();
			put(PROMPT, sizeof(PROMPT) - 1);
		}
		if (echo_self)
			n = edit_line(in, line, sizeof(line));
		else
			n = read_line(in, line, sizeof(line));
		if (n < 0)
			break;
		run_line(line);
	}
	if (interactive)
		put("\n", 1);
}

/* The terminal echoes by itself when TCGETS works and says so. */
static int
console_echoes(void)
{
	unsigned int termios[16];

	if (ioctl(0, TCGETS, termios) != 0)
		return 0;
	return (termios[3] & TERMIOS_ECHO) != 0;	/* c_lflag */
}

int
main(int argc, char **argv)
{
	static struct input in;

	open_console();
	if (argc > 1 && strcmp(argv[1], "-c") == 0) {
		if (argc < 3) {
			err("-c: a command is needed\n");
			return 2;
		}
		run_string(argv[2]);
		return last_status;
	}
	if (argc > 1) {
		in.fd = open(argv[1], O_RDONLY);
		if (in.fd < 0) {
			err("%s: %s\n", argv[1], strerror(errno));
			return 127;
		}
		run_input(&in);
		return last_status;
	}
	in.fd = 0;
	interactive = isatty(0);
	echo_self = interactive && !console_echoes();
	run_input(&in);
	return last_status;
}
