/* Mock of Linux 6.12 include/linux/lockdep_types.h + the bits of lockdep.h
 * that workqueue.h/timer.h use. Off by default, as in a kernel built
 * without CONFIG_LOCKDEP; pass -DCONFIG_LOCKDEP to get the lockdep shapes
 * (extra lockdep_map members and lockdep_init_map() calls). */
#ifndef __LINUX_LOCKDEP_TYPES_H
#define __LINUX_LOCKDEP_TYPES_H

#include <linux/types.h>

#ifdef CONFIG_LOCKDEP

struct lock_class_key {
	struct hlist_node hash_entry;
};

struct lockdep_map {
	struct lock_class_key		*key;
	const char			*name;
};

#define STATIC_LOCKDEP_MAP_INIT(_name, _key) \
	{ .name = (_name), .key = (void *)(_key), }

extern void lockdep_init_map(struct lockdep_map *lock, const char *name,
			     struct lock_class_key *key, int subclass);

#else /* !CONFIG_LOCKDEP */

/* Empty structs, as in the kernel (GNU C extension). */
struct lock_class_key { };
struct lockdep_map { };

#endif /* !CONFIG_LOCKDEP */

#endif /* __LINUX_LOCKDEP_TYPES_H */
