#include "dev.h"

void dev_plain_fn(struct work_struct *w)
{
}

void dev_reclaim_fn(struct work_struct *w)
{
	struct dev *d = container_of(w, struct dev, reclaim_work);

	dev_sync(d);
}
