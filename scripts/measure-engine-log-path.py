#!/usr/bin/env python3
# Measures what happens to an engine's log writes while no agent reads them (issue 14, "engines that
# outlive an agent restart"; results in switch-agent/packaging/README.md): a FIFO whose reader went
# away, a FIFO held open read-write, and an O_APPEND file a reader truncates. Python because Node
# has neither mkfifo nor F_SETPIPE_SZ. Usage: python3 scripts/measure-engine-log-path.py
# (works in a fresh temporary folder; changes nothing else).
import tempfile
import os, fcntl, time, subprocess, sys, select
d=tempfile.mkdtemp(prefix='sd-logpath-')
F=os.path.join(d,'engine.log.fifo')
if os.path.exists(F): os.unlink(F)
os.mkfifo(F, 0o600)
print('pipe-max-size', open('/proc/sys/fs/pipe-max-size').read().strip())
# A: writer O_WRONLY with default SIGPIPE, the reader goes away
r=os.open(F, os.O_RDONLY|os.O_NONBLOCK)
child=subprocess.Popen([sys.executable,'-c',"import os,time\nfd=os.open('%s',os.O_WRONLY)\nos.write(fd,b'one\\n')\ntime.sleep(0.5)\nos.write(fd,b'two\\n')\nprint('A: second write returned (no SIGPIPE)')"%F])
select.select([r],[],[],30); print('A: reader got', os.read(r,100)); os.close(r)
child.wait(); print('A: writer O_WRONLY (Python ignores SIGPIPE), reader closed -> exit', child.returncode, '(1: the second write failed with EPIPE)')
# A2: same with SIGPIPE ignored (EPIPE)
r=os.open(F, os.O_RDONLY|os.O_NONBLOCK)
child=subprocess.Popen([sys.executable,'-c',"import os,time,signal\nsignal.signal(signal.SIGPIPE,signal.SIG_IGN)\nfd=os.open('%s',os.O_WRONLY)\nos.write(fd,b'one\\n')\ntime.sleep(0.5)\ntry:\n  os.write(fd,b'two\\n'); print('A2: written')\nexcept OSError as e: print('A2: write ->', e.strerror)"%F])
select.select([r],[],[],30); os.read(r,100); os.close(r); child.wait()
# A3: the same writer after a new reader opened the FIFO: its writes arrive again
r=os.open(F, os.O_RDONLY|os.O_NONBLOCK)
child=subprocess.Popen([sys.executable,'-c',"import os,time,sys\nfd=os.open('%s',os.O_WRONLY)\nos.write(fd,b'one\\n')\nsys.stdin.readline()\ntry:\n  os.write(fd,b'lost\\n')\nexcept OSError as e: print('A3: no reader ->', e.strerror, flush=True)\nsys.stdin.readline()\nos.write(fd,b'three\\n')"%F], stdin=subprocess.PIPE)
select.select([r],[],[],30); os.read(r,100); os.close(r)
child.stdin.write(b'go\n'); child.stdin.flush(); time.sleep(1)
r=os.open(F, os.O_RDONLY|os.O_NONBLOCK)
child.stdin.write(b'go\n'); child.stdin.flush(); child.stdin.close(); child.wait()
select.select([r],[],[],30); print('A3: a new reader got', os.read(r,100)); os.close(r)
# B: the writer side holds the FIFO O_RDWR (so it never has no reader): how much is buffered with no reader, then?
w=os.open(F, os.O_RDWR)
fl=fcntl.fcntl(w, fcntl.F_GETFL); fcntl.fcntl(w, fcntl.F_SETFL, fl|os.O_NONBLOCK)
print('B: F_GETPIPE_SZ', fcntl.fcntl(w, 1032))
n=0
line=b'x'*99+b'\n'
try:
    while True: n+=os.write(w,line)
except BlockingIOError: pass
print('B: O_RDWR writer, no reader attached: %d bytes (%d 100-byte lines) accepted, then the write would block (EAGAIN non-blocking; a blocking writer stalls)'%(n,n//100))
# C: a reader attaches later: gets all the buffered bytes
r=os.open(F, os.O_RDONLY|os.O_NONBLOCK)
got=0
try:
    while True:
        b=os.read(r,65536)
        if not b: break
        got+=len(b)
except BlockingIOError: pass
print('C: a reader attached afterwards read', got, 'bytes: nothing lost up to the buffer')
os.close(r)
# D: raise the buffer
try:
    sz=fcntl.fcntl(w, 1031, 1048576); print('D: F_SETPIPE_SZ 1 MiB ->', sz)
except OSError as e: print('D: F_SETPIPE_SZ', e)
n=0
try:
    while True: n+=os.write(w,line)
except BlockingIOError: pass
print('D: with 1 MiB buffer: %d bytes before blocking'%n)
os.close(w)
# E: regular file, O_APPEND writer, reader truncates after reading
L=os.path.join(d,'engine.log'); open(L,'w').close()
wf=os.open(L, os.O_WRONLY|os.O_APPEND)
os.write(wf,b'a'*1000)
rf=open(L,'rb'); data=rf.read(); os.truncate(L,0)
os.write(wf,b'b'*10)
print('E: O_APPEND file after the reader truncated it: size', os.path.getsize(L), '(writes go to the new end, no hole)')
t=time.time(); k=0
while time.time()-t<0.2: os.write(wf,line); k+=1
print('E: O_APPEND writer never blocks without a reader: %d lines in 0.2 s'%k)
os.close(wf); os.unlink(L); os.unlink(F)
os.rmdir(d)
