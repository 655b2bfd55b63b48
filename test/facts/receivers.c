// The receiver of a call through a slot: the object the function pointer is
// read from, rooted at a parameter, a local or a global of the calling
// function, with the field path below it; unknown when it is none of these.
// RUN: rm -rf %t && %gen-compdb -o %t %s
// RUN: %wqdep-facts -p %t %s > %t/facts.json
// RUN: FileCheck %s < %t/facts.json
// The program database's encoding keeps every fact:
// RUN: %wqdep-facts -p %t %s --roundtrip > %t/roundtrip.json
// RUN: diff %t/facts.json %t/roundtrip.json
#include <linux/fs.h>

struct file_system_type {
	const char *name;
	void (*kill_sb)(struct super_block *);
};
struct sb2 { struct file_system_type *s_type; };
struct two_ops { int (*two)(void); void (*cb)(void *); };
struct holder { struct two_ops ops; struct two_ops arr[2]; };

extern struct two_ops gops;
static struct two_ops sops;
static struct two_ops ops_table[4];
static void (*global_cb)(void *);
struct two_ops *get_ops(void);

void a_kill(struct sb2 *sb)
{
	sb->s_type->kill_sb((struct super_block *)sb);
}
// CHECK-LABEL: "key": "a_kill",
// The callee takes sb as another struct: no member of it is passed on
// (no params_passed).
// CHECK:       {"callee":"struct file_system_type::kill_sb","callee_noreturn":false,"kind":"slot","loc":"{{.*}}receivers.c:[[@LINE-5]]:2","receiver":{"index":0,"kind":"param","path":".s_type"},"slot_read":"param 0->s_type->* (before: 0)"}

ssize_t b_write(int x, struct file *file, struct kiocb *iocb)
{
	return file->f_op->write_iter(iocb, 0);
}
// CHECK-LABEL: "key": "b_write",
// A call through a pointer member's object reads that member (ops
// tables: SlotRead::Deref).
// CHECK:       "callee":"struct file_operations::write_iter",{{.*}}"receiver":{"index":1,"kind":"param","path":".f_op"},"slot_read":"param 1->f_op->* (before: 0)"}

int c_direct(struct two_ops *ops, struct holder *h, int i)
{
	return ops->two() + h->ops.two() + h->arr[i].two() + (*ops).two();
}
// CHECK-LABEL: "key": "c_direct",
// CHECK:       "callee":"struct two_ops::two",{{.*}}:[[@LINE-3]]:9","receiver":{"index":0,"kind":"param","path":""},"slot_read":"param 0->two (before: 0)"}
// CHECK-NEXT:  "callee":"struct two_ops::two",{{.*}}:[[@LINE-4]]:22","receiver":{"index":1,"kind":"param","path":".ops"},"slot_read":"param 1->ops.two (before: 1)"}
// CHECK-NEXT:  "callee":"struct two_ops::two",{{.*}}:[[@LINE-5]]:37","receiver":{"index":1,"kind":"param","path":".arr[]"}}
// CHECK-NEXT:  "callee":"struct two_ops::two",{{.*}}:[[@LINE-6]]:55","receiver":{"index":0,"kind":"param","path":""},"slot_read":"param 0->two (before: 0)"}

// A local pointer is followed to what every assignment gives it; a local
// given something else (a call's result, two objects) is its own root.
void d_locals(struct file *file, struct kiocb *iocb, int c)
{
	const struct file_operations *fop = file->f_op;
	struct two_ops *o = get_ops();
	struct two_ops *p = &gops;
	struct two_ops *q;
	struct two_ops onstack;
	void (*fn)(void *) = sops.cb;

	fop->write_iter(iocb, 0);
	o->two();
	p->two();
	q = c ? &gops : &sops;
	q->two();
	onstack.two();
	fn(0);
	{
		struct two_ops *o = &sops;
		o->two();
	}
}
// CHECK-LABEL: "key": "d_locals",
// CHECK:       "callee":"struct file_operations::write_iter",{{.*}}"receiver":{"index":0,"kind":"param","path":".f_op"},"slot_read":"param 0->f_op->* (before: 0)"}
// CHECK-NEXT:  "callee":"struct two_ops::two",{{.*}}"receiver":{"kind":"local","path":"","var":"d_locals()::o"}}
// CHECK-NEXT:  "callee":"struct two_ops::two",{{.*}}"receiver":{"kind":"global","path":"","var":"gops"}}
// CHECK-NEXT:  "callee":"struct two_ops::two",{{.*}}"receiver":{"kind":"local","path":"","var":"d_locals()::q"}}
// CHECK-NEXT:  "callee":"struct two_ops::two",{{.*}}"receiver":{"kind":"local","path":"","var":"d_locals()::onstack"}}
// CHECK-NEXT:  "callee":"struct two_ops::cb",{{.*}}"receiver":{"kind":"global","path":"","var":"{{.*}}receivers.c:sops"}}
// CHECK-NEXT:  "callee":"struct two_ops::two",{{.*}}"receiver":{"kind":"global","path":"","var":"{{.*}}receivers.c:sops"}}

// A parameter the function assigns no longer carries the caller's object: it
// is named as a local. A shadowing local is told apart by its ordinal.
void e_reassigned(struct sb2 *sb, struct sb2 *next)
{
	sb->s_type->kill_sb(0);
	sb = next;
	sb->s_type->kill_sb(0);
	{
		struct sb2 *next = sb;
		next->s_type->kill_sb(0);
	}
}
// CHECK-LABEL: "key": "e_reassigned",
// CHECK:       "receiver":{"kind":"local","path":".s_type","var":"e_reassigned()::sb"}}
// CHECK-NEXT:  "receiver":{"kind":"local","path":".s_type","var":"e_reassigned()::sb"}}
// CHECK-NEXT:  "receiver":{"kind":"local","path":".s_type","var":"e_reassigned()::sb"}}

void f_shadow(struct two_ops *o, struct two_ops *x)
{
	struct two_ops *p = x;
	p->two();
	{
		struct two_ops *p = get_ops();
		p->two();
	}
}
// CHECK-LABEL: "key": "f_shadow",
// CHECK:       "receiver":{"index":1,"kind":"param","path":""}}
// CHECK-NEXT:  "callee":"get_ops","callee_noreturn":false,"kind":"direct"
// CHECK-NEXT:  "receiver":{"kind":"local","path":"","var":"f_shadow()::p#2"}}

// Globals: an array element, a static; unknown: a call's result, a
// function-pointer variable (no object), two different objects.
void g_globals(int i, struct two_ops *a, struct two_ops *b, int c)
{
	static struct two_ops local_static;

	ops_table[i].two();
	local_static.two();
	get_ops()->two();
	global_cb(0);
	(c ? a : b)->two();
	(c ? a : a)->two();
}
// CHECK-LABEL: "key": "g_globals",
// CHECK:       "callee":"struct two_ops::two",{{.*}}"receiver":{"kind":"global","path":"[]","var":"{{.*}}receivers.c:ops_table"}}
// CHECK-NEXT:  "callee":"struct two_ops::two",{{.*}}"receiver":{"kind":"global","path":"","var":"g_globals()::local_static"}}
// CHECK-NEXT:  "callee":"get_ops","callee_noreturn":false,"kind":"direct"
// CHECK-NEXT:  "callee":"struct two_ops::two",{{.*}}"receiver":{"kind":"unknown"}}
// CHECK-NEXT:  "callee":"{{.*}}receivers.c:global_cb",{{.*}}"receiver":{"kind":"unknown"}}
// CHECK-NEXT:  "callee":"struct two_ops::two",{{.*}}"receiver":{"kind":"unknown"}}
// CHECK-NEXT:  "callee":"struct two_ops::two",{{.*}}"receiver":{"index":1,"kind":"param","path":""}}
