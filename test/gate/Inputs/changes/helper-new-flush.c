#include "dev.h"

void dev_sync(struct dev *d)
{
	flush_work(&d->plain_work);
}

void dev_sync_all(struct dev *d)
{
	flush_work(&d->plain_work);
}
