/* Mock of Linux 6.12 include/linux/types.h (+ asm-generic int types and
 * include/linux/atomic/atomic-long.h's atomic_long_t for CONFIG_64BIT). */
#ifndef _LINUX_TYPES_H
#define _LINUX_TYPES_H

#include <linux/stddef.h>
#include <linux/compiler.h>

#define BITS_PER_LONG 64

typedef signed char		s8;
typedef unsigned char		u8;
typedef signed short		s16;
typedef unsigned short		u16;
typedef signed int		s32;
typedef unsigned int		u32;
typedef signed long long	s64;
typedef unsigned long long	u64;

typedef _Bool			bool;
typedef unsigned long		uintptr_t;

typedef unsigned long		__kernel_size_t;
typedef long			__kernel_ssize_t;
typedef long long		__kernel_loff_t;
typedef __kernel_size_t		size_t;
typedef __kernel_ssize_t	ssize_t;
typedef __kernel_loff_t		loff_t;
typedef u64			sector_t;
typedef unsigned int __bitwise	gfp_t;
typedef unsigned int __bitwise	fmode_t;
typedef int __bitwise		rwf_t;
typedef int			pid_t;

typedef struct {
	int counter;
} atomic_t;

#define ATOMIC_INIT(i) { (i) }

typedef struct {
	s64 counter;
} atomic64_t;

#define ATOMIC64_INIT(i) { (i) }

/* include/linux/atomic/atomic-long.h, CONFIG_64BIT */
typedef atomic64_t atomic_long_t;
#define ATOMIC_LONG_INIT(i)		ATOMIC64_INIT(i)

struct list_head {
	struct list_head *next, *prev;
};

struct hlist_head {
	struct hlist_node *first;
};

struct hlist_node {
	struct hlist_node *next, **pprev;
};

struct callback_head {
	struct callback_head *next;
	void (*func)(struct callback_head *head);
} __attribute__((aligned(sizeof(void *))));
#define rcu_head callback_head

typedef void (*rcu_callback_t)(struct rcu_head *head);

#endif /* _LINUX_TYPES_H */
