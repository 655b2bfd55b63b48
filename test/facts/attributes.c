// Function attributes: noreturn (C11 _Noreturn, the GNU attribute, the
// kernel's __noreturn) on definitions, and on the callee of a call even
// when it is only declared (panic), or declared noreturn only after the call;
// the section of __init, __exit and __sched code, from the definition or a
// declaration.
// RUN: rm -rf %t && %gen-compdb -o %t %s
// RUN: %wqdep-facts -p %t %s > %t/facts.json
// RUN: FileCheck %s < %t/facts.json
// The program database's encoding keeps every fact:
// RUN: %wqdep-facts -p %t %s --roundtrip > %t/roundtrip.json
// RUN: diff %t/facts.json %t/roundtrip.json
#include <linux/compiler.h>
#define __noreturn	__attribute__((__noreturn__))
#define __sched		__section(".sched.text")

void panic(const char *fmt, ...) __noreturn;
_Noreturn void do_exit(long code);
void later(void);
void plain(void);
int __init g_declared_init(void);

__noreturn void a_die(void)
{
	panic("x");
}
// CHECK-LABEL: "key": "a_die",
// CHECK-NEXT:  "loc":
// CHECK-NEXT:  "name": "a_die",
// CHECK-NEXT:  "noreturn": true,
// CHECK-NEXT:  "params": 0,
// CHECK-NEXT:  "section": "",
// CHECK:       {"arg_values":["nonzero"],"callee":"panic","callee_noreturn":true,"kind":"direct","loc":"{{.*}}attributes.c:[[@LINE-8]]:2"}

_Noreturn void b_c11(void)
{
	do_exit(0);
}
// CHECK-LABEL: "key": "b_c11",
// CHECK:       "noreturn": true,
// CHECK:       {"arg_values":[0],"callee":"do_exit","callee_noreturn":true,"kind":"direct"

void c_calls(void (*die)(void) __attribute__((noreturn)))
{
	plain();
	later();
	die();
}
// CHECK-LABEL: "key": "c_calls",
// CHECK:       "noreturn": false,
// CHECK:       {"callee":"plain","callee_noreturn":false,"kind":"direct"
// CHECK-NEXT:  {"callee":"later","callee_noreturn":true,"kind":"direct"
// later() never returns (it says so after the call), so die() is never
// called:
// CHECK-NEXT:  {"after_noreturn":true,"callee_noreturn":true,"kind":"param","loc":"{{.*}}","param":0}

void later(void) __attribute__((noreturn));

int __init d_setup(void)
{
	return g_declared_init();
}
// CHECK-LABEL: "key": "d_setup",
// CHECK:       "section": ".init.text",

void __exit e_teardown(void) { }
// CHECK-LABEL: "key": "e_teardown",
// CHECK:       "section": ".exit.text",

void __sched f_sleep(void) { }
// CHECK-LABEL: "key": "f_sleep",
// CHECK:       "noreturn": false,
// CHECK:       "section": ".sched.text",

int g_declared_init(void) { return 0; }
// CHECK-LABEL: "key": "g_declared_init",
// CHECK:       "section": ".init.text",
