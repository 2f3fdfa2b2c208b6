#!/usr/bin/env python3
"""Fuses an LLVM IR file's multiply-adds where GCC fuses them, so that WebAssembly computes what
glibc's FMA build computes.

glibc compiles its x86-64 libm twice and picks at run time: with -mfma (every x86-64 CPU since
2013) GCC contracts `a * b + c` into one fused multiply-add, rounded once, and results change in
the last bit for about one argument in a thousand. WebAssembly has no fused multiply-add, and clang
fuses by rules of its own. This rewrite applies GCC's rule (its widening_mul pass, under the
default -ffp-contract=fast) to clang's unfused IR: a multiply is fused into every one of its uses
when each use is an addition or subtraction, directly or through a negation, in the multiply's own
basic block. The fused operations become calls of a correctly rounded fma (llvm.fma, or the
function named by --fma), and the `contract` flags are dropped so that nothing else is fused.

Usage: fuse_fma.py IN.ll OUT.ll [--fma NAME]
"""
import re
import sys

VALUE = r"%[-\w.$]+"
BINARY = re.compile(rf"^\s*({VALUE}) = (fmul|fadd|fsub)((?: [a-z]+)*) double ([^,]+), ([^,\s]+)\s*$")
NEGATION = re.compile(rf"^\s*({VALUE}) = fneg(?: [a-z ]*?)? double (\S+)\s*$")
LABEL = re.compile(r"^[-\w.$]+:")


def parse(line):
    """(opcode, result, left, right) of a double fmul/fadd/fsub that may be contracted (the
    source's contraction rules allow it: flag `contract`), or of a double fneg; else None."""
    m = BINARY.match(line)
    if m:
        if "contract" not in m.group(3).split():
            return None
        return m.group(2), m.group(1), m.group(4).strip(), m.group(5).strip()
    m = NEGATION.match(line)
    if m:
        return "fneg", m.group(1), m.group(2), None
    return None


def fuse_function(lines):
    block_of, block = [], 0
    for line in lines:
        block += bool(LABEL.match(line))
        block_of.append(block)
    uses = {}
    for i, line in enumerate(lines):
        operands = line.split(" = ", 1)[1] if " = " in line else line
        for name in re.findall(VALUE, operands):
            uses.setdefault(name, []).append(i)
    temporaries = 0

    def fusible_uses(i, product):
        """The additions that consume the product, or None when GCC would not fuse it."""
        plan = []
        for u in uses.get(product, []):
            if block_of[u] != block_of[i]:
                return None
            use, operand, negated = parse(lines[u]), product, False
            if use and use[0] == "fneg":
                negation_uses = uses.get(use[1], [])
                if len(negation_uses) != 1 or block_of[negation_uses[0]] != block_of[i]:
                    return None
                operand, negated, u = use[1], True, negation_uses[0]
                use = parse(lines[u])
            if not use or use[0] not in ("fadd", "fsub") or use[2] == use[3]:
                return None
            plan.append((u, use, operand, negated))
        return plan or None

    for i in range(len(lines)):
        multiply = parse(lines[i])
        if not multiply or multiply[0] != "fmul":
            continue
        _, product, a, b = multiply
        for u, (opcode, result, left, right), operand, negated in fusible_uses(i, product) or []:
            # result = product_sign * a * b + addend_sign * addend
            if left == operand:
                addend, product_sign, addend_sign = right, 1, (1 if opcode == "fadd" else -1)
            else:
                addend, product_sign, addend_sign = left, (1 if opcode == "fadd" else -1), 1
            if negated:
                product_sign = -product_sign
            indent = re.match(r"\s*", lines[u]).group(0)
            rewritten, x, c = [], a, addend
            if product_sign < 0:
                temporaries += 1
                x = f"%fma.neg{temporaries}"
                rewritten.append(f"{indent}{x} = fneg double {a}")
            if addend_sign < 0:
                temporaries += 1
                c = f"%fma.neg{temporaries}"
                rewritten.append(f"{indent}{c} = fneg double {addend}")
            rewritten.append(f"{indent}{result} = call double @llvm.fma.f64(double {x}, double {b}, double {c})")
            lines[u] = "\n".join(rewritten)
    return lines


def main():
    source, target = sys.argv[1:3]
    fma = sys.argv[4] if len(sys.argv) == 5 and sys.argv[3] == "--fma" else None
    out, body = [], None
    for line in open(source).read().split("\n"):
        if body is None:
            out.append(line)
            if line.startswith("define "):
                body = []
        elif line.startswith("}"):
            out.extend(fuse_function(body))
            out.append(line)
            body = None
        else:
            body.append(line)
    text = re.sub(r"\b(fmul|fadd|fsub|fneg|fdiv|call) contract\b", r"\1", "\n".join(out))
    if fma:  # every fma, the source's own (__builtin_fma) included
        text = re.sub(r"^declare double @llvm\.fma\.f64\(.*$", "", text, flags=re.M)
        text = text.replace("@llvm.fma.f64(", f"@{fma}(")
        if not re.search(rf"^define [^@]*@{fma}\(", text, flags=re.M):  # else inlined from fma.h
            text += f"\ndeclare double @{fma}(double, double, double)\n"
    elif "declare double @llvm.fma.f64" not in text:
        text += "\ndeclare double @llvm.fma.f64(double, double, double)\n"
    with open(target, "w") as f:
        f.write(text)


main()
