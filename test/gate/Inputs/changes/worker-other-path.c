#include "dev.h"

void dev_plain_fn(struct work_struct *w)
{
}

static void dev_sync_locked(struct dev *d)
{
	dev_sync(d);
}

void dev_reclaim_fn(struct work_struct *w)
{
	struct dev *d = container_of(w, struct dev, reclaim_work);

	dev_sync_locked(d);
}
