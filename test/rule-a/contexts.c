// Rule A: a task with PF_MEMALLOC set flushing a !WQ_MEM_RECLAIM target.
// Every setter form makes a context of the function holding the scope, which
// covers only the calls made while the flag is set; queueing is a boundary;
// PF_MEMALLOC_NOIO / NOFS scopes and PF_KSWAPD alone are not contexts.
// RUN: rm -rf %t && %gen-compdb -o %t %s
// RUN: %expect-exit 1 %wqdep -p %t %s > %t/out.txt
// RUN: FileCheck %s --implicit-check-not=warning: < %t/out.txt
// RUN: %expect-exit 1 %wqdep -p %t %s --format=json -o %t/out.json
// RUN: FileCheck %s --check-prefix=JSON < %t/out.json
#include <linux/workqueue.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>

struct cache {
	struct workqueue_struct *plain_wq, *reclaim_wq;
	struct work_struct sync_work, reap_work, noio_work, before_work;
};
static struct cache c;

static void sync_fn(struct work_struct *w) { }
static void reap_fn(struct work_struct *w) { flush_work(&c.noio_work); }

struct shrinker {
	unsigned long (*scan_objects)(struct shrinker *s);
};

/* A shrinker that flushes: reached from reclaim through the slot. */
static unsigned long cache_scan(struct shrinker *s)
{
	flush_work(&c.sync_work);
// CHECK: contexts.c:[[@LINE-1]]:2: warning: PF_MEMALLOC task flags_scope is flushing !WQ_MEM_RECLAIM 'plain':sync_fn (and 2 more reclaim contexts) [wq-flush-dependency] (confidence: direct)
// CHECK-NEXT: contexts.c:81:15: note: flags_scope sets PF_MEMALLOC | PF_MEMALLOC_NOIO here (memalloc_flags_save), so the calls it makes until the flag is cleared run in a PF_MEMALLOC task (confidence: direct; 2 routes, best first)
// CHECK-NEXT: contexts.c:83:2: note: flags_scope calls cache_scan
// CHECK: contexts.c:62:19: note: direct_reclaim sets PF_MEMALLOC here (memalloc_noreclaim_save), so the calls it makes until the flag is cleared run in a PF_MEMALLOC task
// The call before the scope (line 61) is not the route's: the one inside is.
// CHECK-NEXT: contexts.c:63:2: note: direct_reclaim calls shrink_slab
// CHECK-NEXT: note: shrink_slab calls cache_scan through 'struct shrinker::scan_objects'
// CHECK-NEXT: note: cache_scan calls flush_work, flushing work item 'struct cache::sync_work'
// CHECK: contexts.c:71:13: note: kswapd sets PF_MEMALLOC | PF_KSWAPD here (flags |= PF_MEMALLOC | PF_KSWAPD)
	return 0;
}

/* A shrinker that only queues its reaping: clean (the queue boundary). */
static unsigned long queue_scan(struct shrinker *s)
{
	queue_work(c.plain_wq, &c.reap_work);
	return 0;
}

static struct shrinker cache_shrinker = { .scan_objects = cache_scan };
static struct shrinker queue_shrinker = { .scan_objects = queue_scan };

static unsigned long shrink_slab(struct shrinker *s)
{
	return s->scan_objects(s);
}

/* A memalloc_noreclaim_save() scope (__perform_reclaim). */
void direct_reclaim(struct shrinker *s)
{
	shrink_slab(s);	/* before the scope: not a context's call */
	unsigned int f = memalloc_noreclaim_save();
	shrink_slab(s);
	memalloc_noreclaim_restore(f);
}

/* A thread that holds the flag for its whole life (kswapd). */
int kswapd(void *p)
{
	struct task_struct *tsk = current;
	tsk->flags |= PF_MEMALLOC | PF_KSWAPD;
	for (;;)
		shrink_slab(&cache_shrinker);
	tsk->flags &= ~(PF_MEMALLOC | PF_KSWAPD);
	return 0;
}

/* memalloc_flags_save() with PF_MEMALLOC among its flags (6.12). */
void flags_scope(void)
{
	unsigned f = memalloc_flags_save(PF_MEMALLOC | PF_MEMALLOC_NOIO);
	shrink_slab(&queue_shrinker);
	cache_scan(&cache_shrinker);
	memalloc_flags_restore(f);
}

// JSON: "check": "wq-flush-dependency"
// JSON: "contexts": [
// JSON: "kind": "pf_memalloc",
// JSON-NEXT: "function": "flags_scope",
// JSON-NEXT: "task_flags": "PF_MEMALLOC | PF_MEMALLOC_NOIO",
// JSON-NEXT: "set_by": "memalloc_flags_save",
// JSON: "kind": "pf_memalloc",
// JSON-NEXT: "function": "direct_reclaim",
// JSON-NEXT: "task_flags": "PF_MEMALLOC",
// JSON-NEXT: "set_by": "memalloc_noreclaim_save",
// JSON-NEXT: "set_at": {
// JSON-NEXT: "file": "{{.*}}contexts.c",
// JSON-NEXT: "line": 62,
// JSON: "kind": "pf_memalloc",
// JSON-NEXT: "function": "kswapd",
// JSON-NEXT: "task_flags": "PF_MEMALLOC | PF_KSWAPD",
// JSON-NEXT: "set_by": "flags |= PF_MEMALLOC | PF_KSWAPD",

/* Not contexts: NOIO and NOFS scopes, and PF_KSWAPD alone. */
void noio_scope(void)
{
	unsigned a = memalloc_noio_save();
	unsigned b = memalloc_nofs_save();
	flush_work(&c.before_work);
	memalloc_nofs_restore(b);
	memalloc_noio_restore(a);
}

void kswapd_flag_only(void)
{
	current->flags |= PF_KSWAPD;
	flush_work(&c.before_work);
}

/* A flush in the scope's own function, before the flag is set: clean. */
void flush_before_scope(void)
{
	flush_work(&c.before_work);
	unsigned int f = memalloc_noreclaim_save();
	memalloc_noreclaim_restore(f);
}

int init(void)
{
	c.plain_wq = alloc_workqueue("plain", 0, 0);
	c.reclaim_wq = alloc_workqueue("reclaim", WQ_MEM_RECLAIM, 0);
	INIT_WORK(&c.sync_work, sync_fn);
	INIT_WORK(&c.reap_work, reap_fn);
	INIT_WORK(&c.noio_work, sync_fn);
	INIT_WORK(&c.before_work, sync_fn);
	queue_work(c.plain_wq, &c.sync_work);
	queue_work(c.plain_wq, &c.noio_work);
	queue_work(c.plain_wq, &c.before_work);
	return 0;
}

// Every format names the task context:
// RUN: %expect-exit 1 %wqdep -p %t %s --format=github | FileCheck %s --check-prefix=GITHUB
// GITHUB: title=wq-flush-dependency::PF_MEMALLOC task flags_scope is flushing !WQ_MEM_RECLAIM 'plain':sync_fn{{.*}}%0A{{.*}}contexts.c:81:15: flags_scope sets PF_MEMALLOC | PF_MEMALLOC_NOIO here (memalloc_flags_save)
// RUN: %expect-exit 1 %wqdep -p %t %s --format=sarif | FileCheck %s --check-prefix=SARIF
// SARIF: "text": "PF_MEMALLOC task flags_scope (memalloc_flags_save) reaches flush_work in cache_scan: route 1 of 2
// RUN: %expect-exit 1 %wqdep -p %t %s --format=html -o %t/html
// RUN: FileCheck %s --check-prefix=HTML < %t/html/finding-1.html
// HTML: PF_MEMALLOC task flags_scope is flushing
// HTML: <code>flags_scope</code> in <code>PF_MEMALLOC task</code>
// A baseline holds task contexts like worker contexts: written, then every
// finding is known and the gate passes.
// RUN: %expect-exit 1 %wqdep -p %t %s --write-baseline=%t/base.json > /dev/null
// RUN: FileCheck %s --check-prefix=BASE < %t/base.json
// BASE: PF_MEMALLOC task flags_scope
// RUN: %wqdep -p %t %s --baseline=%t/base.json --fail-on=new > /dev/null
