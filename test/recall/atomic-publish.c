// A workqueue created on first use and published atomically
// (fs/super.c:sb_init_dio_done_wq() uses cmpxchg(&sb->s_dio_done_wq, NULL,
// wq)): the allocation is tied to the field it is published into, with
// cmpxchg, xchg, smp_store_release, WRITE_ONCE and rcu_assign_pointer, as
// it is with a plain assignment. Readers through READ_ONCE,
// smp_load_acquire and rcu_dereference name the same field.
// Near misses that must stay unbound: cmpxchg on another field, a value
// that is not an allocation, and the old value of a cmpxchg.
// RUN: rm -rf %t && %gen-compdb -o %t %s
// RUN: %expect-exit 1 %wqdep -p %t %s --format=json -o %t/out.json
// RUN: FileCheck %s --check-prefix=WQ < %t/out.json
// RUN: %expect-exit 1 %wqdep -p %t %s --max-contexts=0 | FileCheck %s --implicit-check-not=warning:
#include <linux/workqueue.h>
#include <linux/atomic.h>
#include <linux/rcupdate.h>

struct sb {
	const char *s_id;
	struct workqueue_struct *dio_wq, *x_wq, *rel_wq, *once_wq, *rcu_wq;
	struct workqueue_struct *other_wq, *unrelated_wq, *old_wq, *spare_wq;
	struct work_struct dio_work, x_work, rel_work, once_work, rcu_work;
	struct work_struct other_work, unrelated_work, old_work;
};

struct workqueue_struct *plain_wq;
struct work_struct plain_work;
static void plain_fn(struct work_struct *w) { }

static void flushes(void)
{
	flush_work(&plain_work);
}

static void dio_fn(struct work_struct *w) { flushes(); }
static void x_fn(struct work_struct *w) { flushes(); }
static void rel_fn(struct work_struct *w) { flushes(); }
static void once_fn(struct work_struct *w) { flushes(); }
static void rcu_fn(struct work_struct *w) { flushes(); }
static void other_fn(struct work_struct *w) { flushes(); }
static void unrelated_fn(struct work_struct *w) { flushes(); }
static void old_fn(struct work_struct *w) { flushes(); }

// CHECK-DAG: warning: WQ_MEM_RECLAIM 'dio/%s':dio_fn is flushing !WQ_MEM_RECLAIM 'plain':plain_fn (and 4 more reclaim contexts)
// CHECK-DAG: note: workqueue 'dio/%s' (struct sb::dio_wq) is allocated with WQ_MEM_RECLAIM here
// CHECK-DAG: note: workqueue 'x/%s' (struct sb::x_wq) is allocated with WQ_MEM_RECLAIM here
// CHECK-DAG: note: workqueue 'rel/%s' (struct sb::rel_wq) is allocated with WQ_MEM_RECLAIM here
// CHECK-DAG: note: workqueue 'once/%s' (struct sb::once_wq) is allocated with WQ_MEM_RECLAIM here
// CHECK-DAG: note: workqueue 'rcu/%s' (struct sb::rcu_wq) is allocated with WQ_MEM_RECLAIM here
// The near misses are no context:
// CHECK-NOT: other_fn
// CHECK-NOT: unrelated_fn
// CHECK-NOT: old_fn

// WQ-DAG: "key": "struct sb::dio_wq"
// WQ-DAG: "key": "struct sb::x_wq"
// WQ-DAG: "key": "struct sb::rel_wq"
// WQ-DAG: "key": "struct sb::once_wq"
// WQ-DAG: "key": "struct sb::rcu_wq"
// WQ-NOT: "key": "struct sb::other_wq"
// WQ-NOT: "key": "struct sb::unrelated_wq"
// WQ-NOT: "key": "struct sb::old_wq"

void init_plain(void)
{
	plain_wq = alloc_workqueue("plain", 0, 0);
	INIT_WORK(&plain_work, plain_fn);
	queue_work(plain_wq, &plain_work);
}

/* fs/super.c */
int sb_init_dio_done_wq(struct sb *sb)
{
	struct workqueue_struct *old;
	struct workqueue_struct *wq = alloc_workqueue("dio/%s",
						      WQ_MEM_RECLAIM, 0,
						      sb->s_id);
	if (!wq)
		return -1;
	old = cmpxchg(&sb->dio_wq, NULL, wq);
	if (old)
		destroy_workqueue(wq);
	return 0;
}

void dio_complete(struct sb *sb)
{
	INIT_WORK(&sb->dio_work, dio_fn);
	queue_work(sb->dio_wq, &sb->dio_work);
}

void init_x(struct sb *sb)
{
	struct workqueue_struct *wq = alloc_workqueue("x/%s", WQ_MEM_RECLAIM, 0, sb->s_id);
	struct workqueue_struct *old = xchg(&sb->x_wq, wq);

	if (old)
		destroy_workqueue(old);
	INIT_WORK(&sb->x_work, x_fn);
	queue_work(READ_ONCE(sb->x_wq), &sb->x_work);
}

void init_rel(struct sb *sb)
{
	struct workqueue_struct *wq = alloc_workqueue("rel/%s", WQ_MEM_RECLAIM, 0, sb->s_id);

	smp_store_release(&sb->rel_wq, wq);
	INIT_WORK(&sb->rel_work, rel_fn);
	queue_work(smp_load_acquire(&sb->rel_wq), &sb->rel_work);
}

void init_once(struct sb *sb)
{
	struct workqueue_struct *wq = alloc_workqueue("once/%s", WQ_MEM_RECLAIM, 0, sb->s_id);

	WRITE_ONCE(sb->once_wq, wq);
	INIT_WORK(&sb->once_work, once_fn);
	queue_work(sb->once_wq, &sb->once_work);
}

void init_rcu(struct sb *sb)
{
	struct workqueue_struct *wq = alloc_workqueue("rcu/%s", WQ_MEM_RECLAIM, 0, sb->s_id);

	rcu_assign_pointer(sb->rcu_wq, wq);
	INIT_WORK(&sb->rcu_work, rcu_fn);
	queue_work(rcu_dereference(sb->rcu_wq), &sb->rcu_work);
}

/* Near miss: published into another field than the one queued on. */
void init_other(struct sb *sb)
{
	struct workqueue_struct *wq = alloc_workqueue("other/%s", WQ_MEM_RECLAIM, 0, sb->s_id);

	cmpxchg(&sb->spare_wq, NULL, wq);
	INIT_WORK(&sb->other_work, other_fn);
	queue_work(sb->other_wq, &sb->other_work);
}

/* Near miss: what is published is no allocation wqdep knows. */
void init_unrelated(struct sb *sb, struct workqueue_struct *given)
{
	struct workqueue_struct *wq = alloc_workqueue("unrelated/%s", WQ_MEM_RECLAIM, 0, sb->s_id);

	cmpxchg(&sb->unrelated_wq, NULL, given);
	destroy_workqueue(wq);
	INIT_WORK(&sb->unrelated_work, unrelated_fn);
	queue_work(sb->unrelated_wq, &sb->unrelated_work);
}

/* Near miss: the allocation is the value compared against (the old one),
 * not the one stored. */
void retire_old(struct sb *sb)
{
	struct workqueue_struct *wq = alloc_workqueue("old/%s", WQ_MEM_RECLAIM, 0, sb->s_id);

	cmpxchg(&sb->old_wq, wq, NULL);
	INIT_WORK(&sb->old_work, old_fn);
	queue_work(sb->old_wq, &sb->old_work);
}
