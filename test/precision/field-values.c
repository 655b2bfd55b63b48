// Field values (docs/limits.md, "Field values"): a route that hands down
// an object with a member known (`lock.c.type = F_UNLCK;` just before
// `vfs_lock_file(&lock)`) keeps knowing it through the calls that pass the
// pointer on, as long as nothing on the way may have changed it; a call
// made under a condition on that member (`if (request->c.type != F_UNLCK)`)
// that the value fails is no step. An unlock request cannot reach the
// lock manager's expire callback (the false path removed, the shape of
// locks_remove_posix() -> posix_lock_inode() in fs/locks.c); a write lock
// request can (the real path kept), and so can one whose members a
// designated initializer sets (`struct lock lock = { .c.type = F_UNLCK }`). The fallbacks keep the path: the
// local's address kept somewhere (escape_fn), a callee on the way that
// writes the member (written_fn, through a call: upgrade()), a statement
// between the store and the call that names the local (between_fn), a
// container_of() alias that writes the object (alias_fn), a parameter
// assigned before the test (assigned_fn). A function returning
// container_of() of its parameter (to_lock(), fs/locks.c's file_lock())
// hands the object back: reading through its result writes nothing.
//
// RUN: rm -rf %t && %gen-compdb -o %t %s
// RUN: %expect-exit 1 %wqdep -p %t --no-db --max-contexts=0 --format=json -o %t/on.json
// RUN: FileCheck %s --check-prefix=ON < %t/on.json
// RUN: FileCheck %s --check-prefix=GONE < %t/on.json
// ON-DAG: "function": "lock_fn"
// ON-DAG: "function": "escape_fn"
// ON-DAG: "function": "written_fn"
// ON-DAG: "function": "between_fn"
// ON-DAG: "function": "alias_fn"
// ON-DAG: "function": "assigned_fn"
// GONE-NOT: "function": "unlock_fn"
// GONE-NOT: "function": "designated_fn"
//
// --no-field-values, and --no-argument-values (field values ride on it),
// keep the unlock request's route.
// RUN: %expect-exit 1 %wqdep -p %t --no-db --max-contexts=0 --no-field-values --format=json -o %t/off.json
// RUN: FileCheck %s --check-prefix=OFF < %t/off.json
// RUN: %expect-exit 1 %wqdep -p %t --no-db --max-contexts=0 --no-argument-values --format=json -o %t/off2.json
// RUN: FileCheck %s --check-prefix=OFF < %t/off2.json
// OFF-DAG: "function": "unlock_fn"
// OFF-DAG: "function": "designated_fn"
//
// The facts: the members known at the call, the guard on the member.
// RUN: %wqdep-facts -p %t %s > %t/facts.json
// RUN: FileCheck %s --check-prefix=FACTS < %t/facts.json
// RUN: FileCheck %s --check-prefix=INIT < %t/facts.json
// INIT: "name": "designated_lock",
// INIT: "arg_fields":["arg 0->c.type = 2 (else: 0)","arg 0->start = 0 (else: 0)"]
// FACTS: "name": "posix_lock_inode",
// FACTS: "only_if":["param 0->c.type != 2 (before: 0)"]
// FACTS: "name": "remove_posix",
// FACTS: "arg_fields":["arg 0->c.type = 2 (else: 0)","arg 0->start = 0 (else: 0)"]
#include <linux/workqueue.h>
#include <linux/container_of.h>

#define F_WRLCK 1
#define F_UNLCK 2

struct workqueue_struct *reclaim_wq, *plain_wq;
struct dev {
	struct work_struct unlock, lock, escape, written, between, alias,
		assigned, designated, plain;
} *dev;

struct lock;
struct lm_ops { void (*expire)(void); };
struct core { int type; int flags; struct core *next; };
struct lock { struct core c; long start; struct lm_ops *lmops; };

struct lock *blocker, *kept, *other;

static void plain_fn(struct work_struct *w) {}
static void lm_expire(void) { flush_work(&dev->plain); }
struct lm_ops nfsd_lm_ops = { .expire = lm_expire };

static void init_lock(struct lock *l)
{
	__builtin_memset(l, 0, sizeof(*l));
	l->c.next = &l->c;
}
static int conflict(const struct lock *a, struct lock *b)
{
	return a->start == b->start;
}

/* fs/locks.c's file_lock(): container_of() in a function of its own,
 * whose result is an alias the caller only reads through. */
static struct lock *to_lock(struct core *c)
{
	return container_of(c, struct lock, c);
}
static int core_conflict(struct core *c)
{
	struct lock *l = to_lock(c);
	return l->start == blocker->start;
}

static int posix_lock_inode(struct lock *request)
{
	void (*func)(void);
	core_conflict(&request->c);
	if (request->c.type != F_UNLCK) {
		if (conflict(blocker, request)) {
			func = blocker->lmops->expire;
			func();
		}
	}
	request = other;
	return 0;
}
int vfs_lock_file(struct lock *fl) { return posix_lock_inode(fl); }

static void upgrade(struct lock *fl) { fl->c.type = F_WRLCK; }
int vfs_lock_upgrade(struct lock *fl)
{
	upgrade(fl);
	return posix_lock_inode(fl);
}

static void set_type(struct core *c)
{
	struct lock *l = container_of(c, struct lock, c);
	l->start = 1;
}
int vfs_lock_alias(struct lock *fl)
{
	set_type(&fl->c);
	return posix_lock_inode(fl);
}

static int posix_lock_assigned(struct lock *request)
{
	void (*func)(void);
	request = other;
	if (request->c.type != F_UNLCK) {
		func = blocker->lmops->expire;
		func();
	}
	return 0;
}
int vfs_lock_assigned(struct lock *fl) { return posix_lock_assigned(fl); }

static void remove_posix(void)
{
	struct lock lock;
	init_lock(&lock);
	lock.c.type = F_UNLCK;
	lock.start = 0;
	vfs_lock_file(&lock);
}
static void real_lock(void)
{
	struct lock lock;
	init_lock(&lock);
	lock.c.type = F_WRLCK;
	vfs_lock_file(&lock);
}
static void escape_lock(void)
{
	struct lock lock;
	kept = &lock;
	lock.c.type = F_UNLCK;
	vfs_lock_file(&lock);
}
static void written_lock(void)
{
	struct lock lock;
	lock.c.type = F_UNLCK;
	vfs_lock_upgrade(&lock);
}
static void between_lock(void)
{
	struct lock lock;
	lock.c.type = F_UNLCK;
	init_lock(&lock);
	vfs_lock_file(&lock);
}
static void alias_lock(void)
{
	struct lock lock;
	lock.c.type = F_UNLCK;
	vfs_lock_alias(&lock);
}
static void assigned_lock(void)
{
	struct lock lock;
	lock.c.type = F_UNLCK;
	vfs_lock_assigned(&lock);
}

static void designated_lock(void)
{
	struct lock lock = { .c = { .type = F_UNLCK }, .start = 0 };
	vfs_lock_file(&lock);
}

static void unlock_fn(struct work_struct *w) { remove_posix(); }
static void designated_fn(struct work_struct *w) { designated_lock(); }
static void lock_fn(struct work_struct *w) { real_lock(); }
static void escape_fn(struct work_struct *w) { escape_lock(); }
static void written_fn(struct work_struct *w) { written_lock(); }
static void between_fn(struct work_struct *w) { between_lock(); }
static void alias_fn(struct work_struct *w) { alias_lock(); }
static void assigned_fn(struct work_struct *w) { assigned_lock(); }

void init(void)
{
	blocker->lmops = &nfsd_lm_ops;
	reclaim_wq = alloc_workqueue("reclaim", WQ_MEM_RECLAIM, 0);
	plain_wq = alloc_workqueue("plain", 0, 0);
	INIT_WORK(&dev->unlock, unlock_fn);
	INIT_WORK(&dev->lock, lock_fn);
	INIT_WORK(&dev->escape, escape_fn);
	INIT_WORK(&dev->written, written_fn);
	INIT_WORK(&dev->between, between_fn);
	INIT_WORK(&dev->alias, alias_fn);
	INIT_WORK(&dev->assigned, assigned_fn);
	INIT_WORK(&dev->designated, designated_fn);
	INIT_WORK(&dev->plain, plain_fn);
	queue_work(reclaim_wq, &dev->unlock);
	queue_work(reclaim_wq, &dev->lock);
	queue_work(reclaim_wq, &dev->escape);
	queue_work(reclaim_wq, &dev->written);
	queue_work(reclaim_wq, &dev->between);
	queue_work(reclaim_wq, &dev->alias);
	queue_work(reclaim_wq, &dev->assigned);
	queue_work(reclaim_wq, &dev->designated);
	queue_work(plain_wq, &dev->plain);
}
