#include "dev.h"

void dev_plain_fn(struct work_struct *w)
{
}

void dev_reclaim_fn(struct work_struct *w)
{
	struct dev *d = container_of(w, struct dev, reclaim_work);

	dev_sync(d);
}

static void dev_other_fn(struct work_struct *w)
{
	struct dev *d = container_of(w, struct dev, other_work);

	dev_sync(d);
}

void dev_other_setup(struct dev *d)
{
	INIT_WORK(&d->other_work, dev_other_fn);
	queue_work(dev_reclaim_wq, &d->other_work);
}
