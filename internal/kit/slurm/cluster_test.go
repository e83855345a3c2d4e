package slurm

import (
	"bytes"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// cluster is a single-node Slurm cluster started by a test in its own
// folder: munged, slurmctld and slurmd, stopped by their PIDs at the end.
type cluster struct {
	dir, conf string
	daemons   []*exec.Cmd
	jobs      []string // submitted, cancelled at the end
}

// lookPath finds a program in PATH or in the sbin folders, where Debian
// puts the daemons.
func lookPath(name string) (string, error) {
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	for _, dir := range []string{"/usr/sbin", "/sbin", "/usr/local/sbin"} {
		if p := filepath.Join(dir, name); isExec(p) {
			return p, nil
		}
	}
	return "", fmt.Errorf("%s not found", name)
}

func isExec(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.Mode().IsRegular() && fi.Mode()&0o111 != 0
}

// requireSlurm skips the test when it cannot run here (not root, or
// Slurm not installed), except under CI, where it fails instead.
func requireSlurm(t testing.TB) {
	t.Helper()
	var missing []string
	for _, p := range []string{"munged", "mungekey", "slurmctld", "slurmd", "sbatch", "squeue", "scancel", "scontrol"} {
		if _, err := lookPath(p); err != nil {
			missing = append(missing, p)
		}
	}
	ci := os.Getenv("CI") != ""
	switch {
	case os.Geteuid() != 0 && ci:
		t.Fatal("CI is set but the test is not root: it must start munged, slurmctld and slurmd (SlurmUser=root)")
	case len(missing) > 0 && ci:
		t.Fatalf("CI is set but %s missing: .ci/run installs slurmctld slurmd slurm-client munge", strings.Join(missing, ", "))
	case os.Geteuid() != 0:
		t.Skip("skipped: starting a Slurm cluster (munged, slurmctld, slurmd as SlurmUser=root) needs root; CI runs it")
	case len(missing) > 0:
		t.Skipf("skipped: %s not installed (apt-get install slurmctld slurmd slurm-client munge); CI installs them", strings.Join(missing, ", "))
	}
}

// freePort returns a TCP port free on the loopback now.
func freePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// startCluster writes a single-node slurm.conf into a temporary folder
// (no systemd and no cgroups here: processes tracked through /proc,
// no task plugin; no scheduling delay), creates a munge key and starts
// the daemons in the foreground, their PIDs kept to stop them.
func startCluster(t testing.TB) *cluster {
	t.Helper()
	dir, err := os.MkdirTemp("", "exodus-slurm-")
	if err != nil {
		t.Fatal(err)
	}
	c := &cluster{dir: dir, conf: filepath.Join(dir, "slurm.conf")}
	t.Cleanup(func() { c.stop(t) })
	os.Chmod(dir, 0o755) // munged wants the socket's folder searchable
	for _, sub := range []string{"state", "spool"} {
		os.Mkdir(filepath.Join(dir, sub), 0o755)
	}
	host, _ := os.Hostname()
	host, _, _ = strings.Cut(host, ".")
	p := func(name string) string { return filepath.Join(dir, name) }
	conf := fmt.Sprintf(`ClusterName=exodustest
SlurmctldHost=%[1]s(127.0.0.1)
SlurmUser=root
SlurmdUser=root
SlurmctldPort=%[2]d
SlurmdPort=%[3]d
AuthType=auth/munge
AuthInfo=socket=%[4]s
CredType=cred/munge
StateSaveLocation=%[5]s
SlurmdSpoolDir=%[6]s
SlurmctldPidFile=%[7]s
SlurmdPidFile=%[8]s
SlurmctldLogFile=%[9]s
SlurmdLogFile=%[10]s
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerParameters=batch_sched_delay=0,sched_min_interval=0
ReturnToService=2
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
NodeName=%[1]s NodeAddr=127.0.0.1 CPUs=%[11]d State=UNKNOWN
PartitionName=debug Nodes=%[1]s Default=YES MaxTime=INFINITE State=UP
`, host, freePort(t), freePort(t), p("munge.socket"), p("state"), p("spool"), p("slurmctld.pid"), p("slurmd.pid"), p("slurmctld.log"), p("slurmd.log"), runtime.NumCPU())
	if err := os.WriteFile(c.conf, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	mungekey, _ := lookPath("mungekey")
	if out, err := exec.Command(mungekey, "--create", "--keyfile", p("munge.key")).CombinedOutput(); err != nil {
		t.Fatalf("mungekey: %v: %s", err, out)
	}
	c.start(t, "munged", "--foreground", "--force", "--key-file", p("munge.key"), "--socket", p("munge.socket"),
		"--pid-file", p("munged.pid"), "--log-file", p("munged.log"), "--seed-file", p("munged.seed"))
	waitFor(t, 10*time.Second, "munged's socket", func() bool { _, err := os.Stat(p("munge.socket")); return err == nil })
	c.start(t, "slurmctld", "-D", "-f", c.conf)
	c.start(t, "slurmd", "-D", "-f", c.conf, "-N", host)
	waitFor(t, 30*time.Second, "the node to be idle", func() bool {
		out, _ := c.cmd("sinfo", "-h", "-o", "%t").Output()
		return strings.TrimSpace(string(out)) == "idle"
	})
	return c
}

// start starts a daemon in the foreground, its output in dir/NAME.out.
func (c *cluster) start(t testing.TB, name string, args ...string) {
	t.Helper()
	path, err := lookPath(name)
	if err != nil {
		t.Fatal(err)
	}
	out, err := os.Create(filepath.Join(c.dir, name+".out"))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(path, args...)
	cmd.Stdout, cmd.Stderr = out, out
	cmd.Env = c.env()
	if err := cmd.Start(); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	c.daemons = append(c.daemons, cmd)
}

// stop cancels the jobs submitted, then stops the daemons it started, last
// first, by their PIDs (SIGTERM, then SIGKILL after 10 s), and removes
// the folder unless the test failed (then it logs where the logs are).
func (c *cluster) stop(t testing.TB) {
	if len(c.jobs) > 0 && len(c.daemons) == 3 {
		c.cmd("scancel", c.jobs...).Run()
		waitFor(nil, 30*time.Second, "", func() bool { out, _ := c.cmd("squeue", "-h").Output(); return len(bytes.TrimSpace(out)) == 0 })
	}
	for i := len(c.daemons) - 1; i >= 0; i-- {
		d := c.daemons[i]
		d.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { d.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			d.Process.Kill()
			<-done
		}
	}
	if t.Failed() {
		t.Logf("Slurm's configuration and logs: %s", c.dir)
		return
	}
	os.RemoveAll(c.dir)
}

func (c *cluster) env() []string { return append(os.Environ(), "SLURM_CONF="+c.conf) }

// cmd returns a Slurm client command on the cluster, run in its folder.
func (c *cluster) cmd(name string, args ...string) *exec.Cmd {
	cmd := exec.Command(name, args...)
	cmd.Env, cmd.Dir = c.env(), c.dir
	return cmd
}

// run runs a command on the cluster and returns its output, failing the
// test if it fails.
func (c *cluster) run(t testing.TB, name string, args ...string) string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	cmd := c.cmd(name, args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\n%s%s", name, strings.Join(args, " "), err, stdout.String(), stderr.String())
	}
	return stdout.String()
}

// sbatch submits and returns the job id.
func (c *cluster) sbatch(t testing.TB, args ...string) string {
	t.Helper()
	id, _, _ := strings.Cut(strings.TrimSpace(c.run(t, "sbatch", append([]string{"--parsable"}, args...)...)), ";")
	c.jobs = append(c.jobs, id)
	return id
}

// queued returns the states of the jobs of ids still in the queue.
func (c *cluster) queued(t testing.TB, ids ...string) []string {
	t.Helper()
	out, err := c.cmd("squeue", "-h", "-j", strings.Join(ids, ","), "-o", "%i:%T:%r").Output()
	if err != nil { // jobs the controller has forgotten
		return nil
	}
	return strings.Fields(string(out))
}

// state returns a finished job's state (COMPLETED, FAILED, CANCELLED, …).
func (c *cluster) state(t testing.TB, id string) string {
	t.Helper()
	m := regexp.MustCompile(`JobState=(\S+)`).FindStringSubmatch(c.run(t, "scontrol", "show", "job", id))
	if m == nil {
		t.Fatalf("job %s: no state", id)
	}
	return m[1]
}

// waitFor polls ok every 100 ms until it holds, failing t (if not nil)
// after timeout.
func waitFor(t testing.TB, timeout time.Duration, what string, ok func() bool) {
	deadline := time.Now().Add(timeout)
	for !ok() {
		if time.Now().After(deadline) {
			if t != nil {
				t.Fatalf("no %s after %v", what, timeout)
			}
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// waitJobs waits until the jobs have left the queue.
func (c *cluster) waitJobs(t testing.TB, timeout time.Duration, ids ...string) {
	t.Helper()
	waitFor(t, timeout, "end of jobs "+strings.Join(ids, ","), func() bool { return len(c.queued(t, ids...)) == 0 })
}
