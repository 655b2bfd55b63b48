// Slot origin (docs/limits.md, "Slot origin"): a route that hands down an
// object with a function stored in a member just before (`struct
// getdents_callback buf = { .ctx.actor = filldir_one };` then
// `iterate_dir(file, &buf.ctx)`, the shape of ecryptfs_readdir()) keeps knowing it
// through the calls that pass the pointer on, a wide slot among them, as
// long as nothing on the way may have changed it; a call through that
// member (`ctx->actor(ctx, ...)`, dir_emit()) then calls that function
// and no other of those ever stored into `dir_context::actor`.
//
// The false path removed: quiet_fn's directory walk reaching the actor
// another caller (nfsd_readdir) installs, which flushes. The real path
// kept: flush_fn installs the flushing actor itself. The fallbacks keep
// the path: the local's address kept somewhere (escape_fn), a filesystem
// on the way that writes the member (written_fn: c_readdir stores an
// actor read from a variable), a statement
// between the store and the call that names the local (between_fn), a
// parameter assigned before the call through it (assigned_fn), a
// function stored that the program does not define (ext_fn).
//
// RUN: rm -rf %t && %gen-compdb -o %t %s
// RUN: %expect-exit 1 %wqdep -p %t --no-db --max-contexts=0 --format=json -o %t/on.json
// RUN: FileCheck %s --check-prefix=ON < %t/on.json
// RUN: FileCheck %s --check-prefix=GONE < %t/on.json
// ON-DAG: "function": "flush_fn"
// ON-DAG: "function": "escape_fn"
// ON-DAG: "function": "written_fn"
// ON-DAG: "function": "between_fn"
// ON-DAG: "function": "assigned_fn"
// ON-DAG: "function": "ext_fn"
// GONE-NOT: "function": "quiet_fn"
// GONE-NOT: "function": "assigned_member_fn"
//
// --no-slot-origin, and --no-field-values (slot origin rides on it), keep
// the quiet walk's route.
// RUN: %expect-exit 1 %wqdep -p %t --no-db --max-contexts=0 --no-slot-origin --format=json -o %t/off.json
// RUN: FileCheck %s --check-prefix=OFF < %t/off.json
// RUN: %expect-exit 1 %wqdep -p %t --no-db --max-contexts=0 --no-field-values --format=json -o %t/off2.json
// RUN: FileCheck %s --check-prefix=OFF < %t/off2.json
// OFF-DAG: "function": "quiet_fn"
// OFF-DAG: "function": "assigned_member_fn"
//
// The counters: dir_emit()'s `ctx->actor`, and iterate_dir()'s
// `file->f_op->iterate_shared` (a call through a pointer member's object,
// which an ops table handed down would decide: none is here).
// RUN: FileCheck %s --check-prefix=STATS < %t/on.json
// STATS-DAG: "slot_origin_reads": 2
// STATS-DAG: "slot_origin_calls": 7
// RUN: FileCheck %s --check-prefix=NOSTATS < %t/off.json
// NOSTATS-NOT: slot_origin
//
// The facts: the function known at the call (below a member handed by
// address, and from a plain store), the member a call reads its function
// from.
// RUN: %wqdep-facts -p %t %s > %t/facts.json
// RUN: FileCheck %s --check-prefix=FACTS < %t/facts.json
// FACTS: "name": "dir_emit",
// FACTS: "slot_read":"param 0->actor (before: 0)"
// FACTS: "name": "get_name_quiet",
// FACTS: "arg_fields":["arg 1->actor = {{.*}}slot-origin.c:quiet_actor (else: 0)"]
// FACTS: "name": "walk_assigned_member",
// FACTS: "arg_fields":["arg 0->actor = {{.*}}slot-origin.c:quiet_actor (else: 0)"]
#include <linux/workqueue.h>

struct workqueue_struct *reclaim_wq, *plain_wq;
struct dev {
	struct work_struct quiet, flush, escape, written, between, assigned,
		assigned_member, ext, plain;
} *dev;

struct dir_context;
typedef int (*filldir_t)(struct dir_context *, const char *, int);
struct dir_context { filldir_t actor; long pos; };
struct getdents_callback { struct dir_context ctx; int found; };
struct file;
struct file_operations { int (*iterate_shared)(struct file *, struct dir_context *); };
struct file { const struct file_operations *f_op; };

struct dir_context *kept, *other_ctx;
filldir_t saved_actor;

static void plain_fn(struct work_struct *w) {}
static int quiet_actor(struct dir_context *ctx, const char *n, int l) { return 0; }
static int flush_actor(struct dir_context *ctx, const char *n, int l)
{
	flush_work(&dev->plain);
	return 0;
}
extern int extern_actor(struct dir_context *ctx, const char *n, int l);

static int dir_emit(struct dir_context *ctx, const char *n)
{
	return ctx->actor(ctx, n, 1);
}
static int dir_emit_assigned(struct dir_context *ctx, const char *n)
{
	ctx = other_ctx;
	return ctx->actor(ctx, n, 1);
}

/* Two filesystems' readdir: the call through f_op is a wide hop. */
static int a_readdir(struct file *f, struct dir_context *ctx)
{
	ctx->pos = 2;
	return dir_emit(ctx, ".");
}
static int b_readdir(struct file *f, struct dir_context *ctx)
{
	return dir_emit(ctx, "..");
}
const struct file_operations a_fops = { .iterate_shared = a_readdir };
const struct file_operations b_fops = { .iterate_shared = b_readdir };

int iterate_dir(struct file *file, struct dir_context *ctx)
{
	return file->f_op->iterate_shared(file, ctx);
}

/* A third filesystem that installs an actor of its own in the walk. */
static int c_readdir(struct file *f, struct dir_context *ctx)
{
	ctx->actor = saved_actor;
	return dir_emit(ctx, "...");
}
int iterate_dir_c(struct file *file, struct dir_context *ctx)
{
	return c_readdir(file, ctx);
}

static void get_name_quiet(struct file *file)
{
	struct getdents_callback buf = { .ctx.actor = quiet_actor, .found = 0 };
	iterate_dir(file, &buf.ctx);
}
static void get_name_flush(struct file *file)
{
	struct dir_context ctx = { .actor = flush_actor };
	iterate_dir(file, &ctx);
}
static void nfsd_readdir(struct file *file)
{
	struct dir_context ctx;
	ctx.actor = flush_actor;
	iterate_dir(file, &ctx);
}
static void walk_escape(struct file *file)
{
	struct dir_context ctx;
	kept = &ctx;
	ctx.actor = quiet_actor;
	iterate_dir(file, &ctx);
}
static void walk_written(struct file *file)
{
	struct dir_context ctx;
	ctx.actor = quiet_actor;
	iterate_dir_c(file, &ctx);
}
static void walk_between(struct file *file)
{
	struct dir_context ctx;
	ctx.actor = quiet_actor;
	kept = &ctx;
	iterate_dir(file, &ctx);
}
static void walk_assigned(struct file *file)
{
	struct dir_context ctx = { .actor = quiet_actor };
	dir_emit_assigned(&ctx, "x");
}
static void walk_assigned_member(struct file *file)
{
	struct dir_context ctx;
	ctx.actor = quiet_actor;
	dir_emit(&ctx, "x");
}
static void walk_extern(struct file *file)
{
	struct dir_context ctx = { .actor = extern_actor };
	iterate_dir(file, &ctx);
}

struct file *somefile;
static void quiet_fn(struct work_struct *w) { get_name_quiet(somefile); }
static void flush_fn(struct work_struct *w) { get_name_flush(somefile); }
static void escape_fn(struct work_struct *w) { walk_escape(somefile); }
static void written_fn(struct work_struct *w) { walk_written(somefile); }
static void between_fn(struct work_struct *w) { walk_between(somefile); }
static void assigned_fn(struct work_struct *w) { walk_assigned(somefile); }
static void assigned_member_fn(struct work_struct *w) { walk_assigned_member(somefile); }
static void ext_fn(struct work_struct *w) { walk_extern(somefile); }

void init(void)
{
	reclaim_wq = alloc_workqueue("reclaim", WQ_MEM_RECLAIM, 0);
	plain_wq = alloc_workqueue("plain", 0, 0);
	INIT_WORK(&dev->quiet, quiet_fn);
	INIT_WORK(&dev->flush, flush_fn);
	INIT_WORK(&dev->escape, escape_fn);
	INIT_WORK(&dev->written, written_fn);
	INIT_WORK(&dev->between, between_fn);
	INIT_WORK(&dev->assigned, assigned_fn);
	INIT_WORK(&dev->assigned_member, assigned_member_fn);
	INIT_WORK(&dev->ext, ext_fn);
	INIT_WORK(&dev->plain, plain_fn);
	queue_work(reclaim_wq, &dev->quiet);
	queue_work(reclaim_wq, &dev->flush);
	queue_work(reclaim_wq, &dev->escape);
	queue_work(reclaim_wq, &dev->written);
	queue_work(reclaim_wq, &dev->between);
	queue_work(reclaim_wq, &dev->assigned);
	queue_work(reclaim_wq, &dev->assigned_member);
	queue_work(reclaim_wq, &dev->ext);
	queue_work(plain_wq, &dev->plain);
	nfsd_readdir(somefile);
}
