// Field values through calls (docs/limits.md, "Field values"): members a
// call leaves set in the local it was handed (`iov_iter_bvec(&from,
// ITER_SOURCE, ...)` in mm/page_io.c's swap_write_unplug(), which sets
// `from.data_source` from its argument), conditions read through an
// accessor (`iov_iter_rw(iter) == READ`, `i->data_source ? WRITE : READ`),
// and tracepoints, whose probes only read their arguments. Swap-out hands
// a write iterator, so nfs_swap_rw() does not take its read branch (the
// false path removed); swap-in's read iterator does (the real path kept).
// A constant stored into a `bool` member is converted, not truncated
// (`.data_source = 2` is 1: bool_fn's iterator writes).
//
// The fallbacks keep the path: a direction that is no constant
// (param_fn), a set-up function that may return before its store
// (early_fn), one that hands the object on after it (handed_fn) or
// before it (kept_fn), one the
// program does not define (extern_fn), a member stored between the set-up
// and the call that says read (stored_fn), an object handed to a function
// the program does not define before the test (logged_fn; a tracepoint
// there does not, traced_fn). And what the values must not claim: a
// member stored with an unknown value after the set-up (unknown_fn), a
// set-up function that takes the object as another struct (retyped_fn),
// an accessor whose return type cuts the member (narrow_fn: 256 returned
// as an unsigned char is 0), an unnamed bit-field in a compound literal
// (unnamed_fn), a constant stored into a bit-field (bitfield_fn), a weak
// set-up function (weak_fn: another definition may be the one linked).
//
// RUN: rm -rf %t && %gen-compdb -o %t %s
// RUN: %expect-exit 1 %wqdep -p %t --no-db --max-contexts=0 --format=json -o %t/on.json
// RUN: FileCheck %s --check-prefix=ON < %t/on.json
// RUN: FileCheck %s --check-prefix=GONE < %t/on.json
// ON-DAG: "function": "swap_in_fn"
// ON-DAG: "function": "param_fn"
// ON-DAG: "function": "early_fn"
// ON-DAG: "function": "handed_fn"
// ON-DAG: "function": "kept_fn"
// ON-DAG: "function": "extern_fn"
// ON-DAG: "function": "stored_fn"
// ON-DAG: "function": "logged_fn"
// ON-DAG: "function": "is_unlock_lock_fn"
// ON-DAG: "function": "unknown_fn"
// ON-DAG: "function": "retyped_fn"
// ON-DAG: "function": "narrow_fn"
// ON-DAG: "function": "unnamed_fn"
// ON-DAG: "function": "bitfield_fn"
// ON-DAG: "function": "weak_fn"
// GONE-NOT: "function": "swap_out_fn"
// GONE-NOT: "function": "traced_fn"
// GONE-NOT: "function": "bool_fn"
// GONE-NOT: "function": "is_unlock_unlock_fn"
//
// --no-field-values keeps every route.
// RUN: %expect-exit 1 %wqdep -p %t --no-db --max-contexts=0 --no-field-values --format=json -o %t/off.json
// RUN: FileCheck %s --check-prefix=OFF < %t/off.json
// OFF-DAG: "function": "swap_out_fn"
// OFF-DAG: "function": "traced_fn"
// OFF-DAG: "function": "bool_fn"
// OFF-DAG: "function": "is_unlock_unlock_fn"
//
// The counter: calls with members known through a set-up call.
// RUN: %expect-exit 1 %wqdep -p %t --no-db --max-contexts=0 --stats --format=json -o %t/stats.json
// RUN: FileCheck %s --check-prefix=STATS < %t/stats.json
// STATS: "field_value_init_calls": 8
//
// The facts: what the set-up functions leave set, the calls handing a
// local set up, the conditions read through accessors.
// RUN: %wqdep-facts -p %t %s > %t/facts.json
// RUN: FileCheck %s --check-prefix=FACTS < %t/facts.json
// FACTS: "name": "posix_lock",
// FACTS: "only_if":["param 0->c.type != 2 (before: 0)"]
// FACTS: "name": "stored_out",
// FACTS: "arg_fields":["arg 1->data_source = 0 (else: 0)"],"arg_inits":["arg 1 set up by iter_bvec arg 0 (else: 0) stored: data_source"]
// FACTS: "name": "swap_out",
// FACTS: "arg_inits":["arg 1 set up by iter_bvec arg 0 (else: 0)"]
// FACTS: "name": "early_bvec",
// FACTS-NOT: "member_sets"
// FACTS: "name": "handed_bvec",
// FACTS-NOT: "member_sets"
// FACTS: "name": "iter_bvec",
// FACTS: "member_sets": [
// FACTS-NEXT: "param 0->count = param 2",
// FACTS-NEXT: "param 0->data_source = !!param 1",
// FACTS-NEXT: "param 0->nofault = 0",
// FACTS-NEXT: "param 0->type = 4"
// FACTS-NEXT: ],
// FACTS: "name": "kept_bvec",
// FACTS-NOT: "member_sets"
// FACTS: "name": "nfs_swap_rw",
// FACTS: "only_if":["param 1->data_source zero (before: 0)"]
// FACTS: "only_if":["param 1->data_source nonzero (before: 0)"]
#include <linux/workqueue.h>

#define READ 0
#define WRITE 1
#define ITER_SOURCE 1
#define ITER_DEST 0
#define F_WRLCK 1
#define F_UNLCK 2

struct workqueue_struct *reclaim_wq, *plain_wq;
struct dev {
	struct work_struct swap_in, swap_out, param, early, handed, ext, stored,
		logged, traced, lock, unlock, kept, boolean, unknown, retyped,
		narrow, unnamed, bitfield, weak, plain;
} *dev;
int some_direction;

struct iter { unsigned char type; _Bool nofault; _Bool data_source; unsigned long count; };
struct kiocb { int flags; };
struct aops { int (*swap_rw)(struct kiocb *, struct iter *); };

static void plain_fn(struct work_struct *w) {}

/* include/linux/uio.h: an accessor. */
static inline unsigned char iter_rw(const struct iter *i)
{
	return i->data_source ? WRITE : READ;
}
/* lib/iov_iter.c: the set-up. */
void iter_bvec(struct iter *i, unsigned int direction, unsigned long count)
{
	if (direction & ~(READ | WRITE))
		some_direction = 1;
	*i = (struct iter){ .type = 4, .data_source = direction, .count = count };
}
void early_bvec(struct iter *i, unsigned int direction)
{
	if (some_direction)
		return;
	*i = (struct iter){ .data_source = direction };
}
void keep_iter(struct iter *i);
void handed_bvec(struct iter *i, unsigned int direction)
{
	*i = (struct iter){ .data_source = direction };
	keep_iter(i);
}
void kept_bvec(struct iter *i, unsigned int direction)
{
	keep_iter(i);
	*i = (struct iter){ .data_source = direction };
}
void extern_bvec(struct iter *i, unsigned int direction);

static void direct_read(void) { flush_work(&dev->plain); }
static void direct_write(void) {}

int nfs_swap_rw(struct kiocb *iocb, struct iter *iter)
{
	if (iter_rw(iter) == READ)
		direct_read();
	else
		direct_write();
	return 0;
}
struct aops nfs_aops = { .swap_rw = nfs_swap_rw };
struct aops *a_ops;

/* A tracepoint (include/linux/tracepoint.h's __DO_TRACE: a static call). */
void __SCT__tp_func_swap_rw(void *data, struct iter *i);
static inline void trace_swap_rw(struct iter *i)
{
	__SCT__tp_func_swap_rw((void *)0, i);
}
void log_iter(struct iter *i);
static void traced_rw(struct iter *iter)
{
	trace_swap_rw(iter);
	if (iter_rw(iter) == READ)
		direct_read();
}
static void logged_rw(struct iter *iter)
{
	log_iter(iter);
	if (iter_rw(iter) == READ)
		direct_read();
}

static void swap_out(void)
{
	struct kiocb k;
	struct iter from;
	iter_bvec(&from, ITER_SOURCE, 1);
	a_ops->swap_rw(&k, &from);
}
static void swap_in(void)
{
	struct kiocb k;
	struct iter to;
	iter_bvec(&to, ITER_DEST, 1);
	a_ops->swap_rw(&k, &to);
}
static void param_out(unsigned int dir)
{
	struct kiocb k;
	struct iter from;
	iter_bvec(&from, dir, 1);
	a_ops->swap_rw(&k, &from);
}
static void early_out(void)
{
	struct kiocb k;
	struct iter from;
	early_bvec(&from, ITER_SOURCE);
	a_ops->swap_rw(&k, &from);
}
static void handed_out(void)
{
	struct kiocb k;
	struct iter from;
	handed_bvec(&from, ITER_SOURCE);
	a_ops->swap_rw(&k, &from);
}
static void kept_out(void)
{
	struct kiocb k;
	struct iter from;
	kept_bvec(&from, ITER_SOURCE);
	a_ops->swap_rw(&k, &from);
}
static void extern_out(void)
{
	struct kiocb k;
	struct iter from;
	extern_bvec(&from, ITER_SOURCE);
	a_ops->swap_rw(&k, &from);
}
static void stored_out(void)
{
	struct kiocb k;
	struct iter from;
	iter_bvec(&from, ITER_SOURCE, 1);
	from.data_source = 0;
	a_ops->swap_rw(&k, &from);
}
static void bool_out(void)
{
	struct kiocb k;
	struct iter from = { .data_source = 2 };
	a_ops->swap_rw(&k, &from);
}
static void traced_out(void)
{
	struct iter from;
	iter_bvec(&from, ITER_SOURCE, 1);
	traced_rw(&from);
}
static void logged_out(void)
{
	struct iter from;
	iter_bvec(&from, ITER_SOURCE, 1);
	logged_rw(&from);
}

/* What the values must not claim. */
struct other { int pad; _Bool data_source; };
void other_init(struct other *o) { o->data_source = 1; }
static void retyped_out(void)
{
	struct kiocb k;
	struct iter from;
	from.data_source = 0;
	other_init((struct other *)&from);
	a_ops->swap_rw(&k, &from);
}
static void unknown_out(void)
{
	struct kiocb k;
	struct iter from;
	iter_bvec(&from, ITER_SOURCE, 1);
	from.data_source = some_direction;
	a_ops->swap_rw(&k, &from);
}
struct wide { unsigned int w; };
static inline unsigned char low_rw(const struct wide *x) { return x->w; }
static void wide_rw(struct wide *x)
{
	if (low_rw(x) == READ)
		direct_read();
}
static void narrow_out(void)
{
	struct wide wd;
	wd.w = 256;
	wide_rw(&wd);
}
struct ub { int a; unsigned : 4; int m; int n; };
void ub_init(struct ub *p) { *p = (struct ub){ .a = 5, .m = 7 }; }
static void ub_chk(struct ub *p)
{
	if (p->m == 7)
		direct_read();
}
static void unnamed_out(void)
{
	struct ub u;
	ub_init(&u);
	ub_chk(&u);
}
struct bf { unsigned f : 1; };
static void bf_chk(struct bf *b)
{
	if (b->f == 1)
		direct_read();
}
static void bitfield_out(void)
{
	struct bf b;
	b.f = 3;
	bf_chk(&b);
}
__attribute__((weak)) void weak_bvec(struct iter *i, unsigned int direction)
{
	*i = (struct iter){ .data_source = direction };
}
static void weak_out(void)
{
	struct kiocb k;
	struct iter from;
	weak_bvec(&from, ITER_SOURCE);
	a_ops->swap_rw(&k, &from);
}

/* fs/locks.c: lock_is_unlock(), a comparison in an accessor. */
struct lm_ops { void (*expire)(void); };
struct core { int type; };
struct lock { struct core c; struct lm_ops *lmops; };
struct lock *blocker;
static void lm_expire(void) { flush_work(&dev->plain); }
struct lm_ops lm_ops = { .expire = lm_expire };
static inline int lock_is_unlock(struct lock *fl)
{
	return fl->c.type == F_UNLCK;
}
static int posix_lock(struct lock *request)
{
	if (!lock_is_unlock(request))
		blocker->lmops->expire();
	return 0;
}

static void swap_out_fn(struct work_struct *w) { swap_out(); }
static void swap_in_fn(struct work_struct *w) { swap_in(); }
static void param_fn(struct work_struct *w) { param_out(some_direction); }
static void early_fn(struct work_struct *w) { early_out(); }
static void handed_fn(struct work_struct *w) { handed_out(); }
static void extern_fn(struct work_struct *w) { extern_out(); }
static void kept_fn(struct work_struct *w) { kept_out(); }
static void stored_fn(struct work_struct *w) { stored_out(); }
static void traced_fn(struct work_struct *w) { traced_out(); }
static void bool_fn(struct work_struct *w) { bool_out(); }
static void unknown_fn(struct work_struct *w) { unknown_out(); }
static void retyped_fn(struct work_struct *w) { retyped_out(); }
static void narrow_fn(struct work_struct *w) { narrow_out(); }
static void unnamed_fn(struct work_struct *w) { unnamed_out(); }
static void bitfield_fn(struct work_struct *w) { bitfield_out(); }
static void weak_fn(struct work_struct *w) { weak_out(); }
static void logged_fn(struct work_struct *w) { logged_out(); }
static void is_unlock_lock_fn(struct work_struct *w)
{
	struct lock lock;
	lock.c.type = F_WRLCK;
	posix_lock(&lock);
}
static void is_unlock_unlock_fn(struct work_struct *w)
{
	struct lock lock;
	lock.c.type = F_UNLCK;
	posix_lock(&lock);
}

void init(void)
{
	a_ops = &nfs_aops;
	blocker->lmops = &lm_ops;
	reclaim_wq = alloc_workqueue("reclaim", WQ_MEM_RECLAIM, 0);
	plain_wq = alloc_workqueue("plain", 0, 0);
	INIT_WORK(&dev->swap_out, swap_out_fn);
	INIT_WORK(&dev->swap_in, swap_in_fn);
	INIT_WORK(&dev->param, param_fn);
	INIT_WORK(&dev->early, early_fn);
	INIT_WORK(&dev->handed, handed_fn);
	INIT_WORK(&dev->ext, extern_fn);
	INIT_WORK(&dev->kept, kept_fn);
	INIT_WORK(&dev->boolean, bool_fn);
	INIT_WORK(&dev->unknown, unknown_fn);
	INIT_WORK(&dev->retyped, retyped_fn);
	INIT_WORK(&dev->narrow, narrow_fn);
	INIT_WORK(&dev->unnamed, unnamed_fn);
	INIT_WORK(&dev->bitfield, bitfield_fn);
	INIT_WORK(&dev->weak, weak_fn);
	INIT_WORK(&dev->stored, stored_fn);
	INIT_WORK(&dev->traced, traced_fn);
	INIT_WORK(&dev->logged, logged_fn);
	INIT_WORK(&dev->lock, is_unlock_lock_fn);
	INIT_WORK(&dev->unlock, is_unlock_unlock_fn);
	INIT_WORK(&dev->plain, plain_fn);
	queue_work(reclaim_wq, &dev->swap_out);
	queue_work(reclaim_wq, &dev->swap_in);
	queue_work(reclaim_wq, &dev->param);
	queue_work(reclaim_wq, &dev->early);
	queue_work(reclaim_wq, &dev->handed);
	queue_work(reclaim_wq, &dev->ext);
	queue_work(reclaim_wq, &dev->kept);
	queue_work(reclaim_wq, &dev->boolean);
	queue_work(reclaim_wq, &dev->unknown);
	queue_work(reclaim_wq, &dev->retyped);
	queue_work(reclaim_wq, &dev->narrow);
	queue_work(reclaim_wq, &dev->unnamed);
	queue_work(reclaim_wq, &dev->bitfield);
	queue_work(reclaim_wq, &dev->weak);
	queue_work(reclaim_wq, &dev->stored);
	queue_work(reclaim_wq, &dev->traced);
	queue_work(reclaim_wq, &dev->logged);
	queue_work(reclaim_wq, &dev->lock);
	queue_work(reclaim_wq, &dev->unlock);
	queue_work(plain_wq, &dev->plain);
}
