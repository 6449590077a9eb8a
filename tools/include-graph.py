#!/usr/bin/env python3
# include-graph: the folders each folder of src/ includes, and any include cycle between files (run from the source tree).
import os,re,collections,sys
root="src"
inc=collections.defaultdict(set)
files=[]
for d,_,fs in os.walk(root):
    for f in fs:
        if f.endswith(('.c','.h')):
            p=os.path.join(d,f)[4:]
            files.append(p)
            for m in re.finditer(r'#include "([^"]+)"', open(os.path.join(d,f)).read()):
                inc[p].add(m.group(1))
folder=lambda p:p.split('/')[0]
fold=collections.defaultdict(set)
for p,s in inc.items():
    for q in s:
        if '/' in q and folder(q)!=folder(p):
            fold[folder(p)].add(folder(q))
for k in sorted(fold): print(f"{k:9} -> {' '.join(sorted(fold[k]))}")
# file-level cycles across folders: treat X.c and X.h as one unit
unit=lambda p:p.rsplit('.',1)[0]
g=collections.defaultdict(set)
for p,s in inc.items():
    for q in s:
        if '/' in q and unit(q)!=unit(p): g[unit(p)].add(unit(q))
# find cycles via tarjan
idx={};low={};st=[];on=set();res=[];i=[0]
sys.setrecursionlimit(10000)
def sc(v):
    idx[v]=low[v]=i[0];i[0]+=1;st.append(v);on.add(v)
    for w in g[v]:
        if w not in idx: sc(w);low[v]=min(low[v],low[w])
        elif w in on: low[v]=min(low[v],idx[w])
    if low[v]==idx[v]:
        comp=[]
        while True:
            w=st.pop();on.discard(w);comp.append(w)
            if w==v:break
        if len(comp)>1: res.append(comp)
for v in list(g):
    if v not in idx: sc(v)
print("cycles (file units):")
bad=0
for c in res:
    cross=len({folder(x) for x in c})>1
    bad+=cross
    print(" ", sorted(c), "cross-folder" if cross else "same folder")
sys.exit(1 if bad else 0)
