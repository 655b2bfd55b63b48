// The multi-finding fixture of test/html: two reclaim contexts (one with a
// workqueue name that is markup), four targets, each confidence class, and
// flushes in two directories. Comments hold markup the report must show as
// text: </script><b>bold</b> <!-- &amp;
#include <linux/workqueue.h>
#include "demo.h"

struct demo_ops { void (*cb)(struct demo *); };
struct demo_arr_ops { const char *name; void (*cb)(struct demo *); };

static void cb_only(struct demo *d);
static void cb_w0(struct demo *d);
static void cb_w1(struct demo *d);

static const struct demo_ops only_ops = { .cb = cb_only };
static const struct demo_arr_ops arr[] = {
	{ "zero", cb_w0 },
	{ "one", cb_w1 },
};

/* direct: every call names its callee </script> */
static void demo_sync(struct demo *d)
{
	flush_work(&d->plain_work);
}

static void ra_fn(struct work_struct *w)
{
	struct demo *d = container_of(w, struct demo, ra);
	int i;

	demo_sync(d);
	for (i = 0; i < 2; i++)
		arr[i].cb(d);
}

static void rb_fn(struct work_struct *w)
{
	struct demo *d = container_of(w, struct demo, rb);
	const struct demo_ops *o = &only_ops;

	o->cb(d);
#ifndef DEMO_BASELINE
	demo_sync(d);
#endif
}

static void cb_only(struct demo *d)
{
	demo_drain(d);
}

static void cb_w0(struct demo *d)
{
	flush_work(&d->w0);
}

static void cb_w1(struct demo *d)
{
	flush_work(&d->w1);
}

static void plain_fn(struct work_struct *w) { }

void demo_init(struct demo *d)
{
	d->rwa = alloc_workqueue("reclaim-a", WQ_MEM_RECLAIM, 0);
	d->rwb = alloc_workqueue("reclaim-b<img src=x onerror=alert(1)>", WQ_MEM_RECLAIM, 0);
	d->pwq = alloc_workqueue("plain</script><script>alert(2)</script>", 0, 0);
	d->owq = alloc_workqueue("other", 0, 0);
	INIT_WORK(&d->ra, ra_fn);
	INIT_WORK(&d->rb, rb_fn);
	INIT_WORK(&d->plain_work, plain_fn);
	INIT_WORK(&d->w0, plain_fn);
	INIT_WORK(&d->w1, plain_fn);
	queue_work(d->rwa, &d->ra);
	queue_work(d->rwb, &d->rb);
	queue_work(d->pwq, &d->plain_work);
	queue_work(d->owq, &d->w0);
	queue_work(d->owq, &d->w1);
}
