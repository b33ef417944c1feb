"""Test of the installable Cairn (scripts/package.sh): the binary needs no Swift toolchain, the
.deb installs into a scratch root with its dependencies met by Debian packages, and the installed
binary, man page and completions work with the toolchain off PATH and LD_LIBRARY_PATH unset.
Run by scripts/test.sh; set CAIRN_DIST to a folder holding an already built .deb and tarball to
skip the build."""
import glob
import gzip
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
import unittest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# What the binary may load: the C library's parts, the C++ runtime, and libcmark-gfm.
ALLOWED = ("linux-vdso.so", "ld-linux", "libc.so", "libm.so", "libstdc++.so", "libgcc_s.so",
           "libcmark-gfm.so", "libcmark-gfm-extensions.so")


def clean_environment(home):
    """No toolchain: PATH of the system's folders only, no LD_LIBRARY_PATH."""
    return {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "HOME": home, "LANG": "C.UTF-8"}


class PackageTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        dist = os.environ.get("CAIRN_DIST")
        if not dist:
            subprocess.run(["bash", "scripts/package.sh"], cwd=REPO, check=True)
            dist = os.path.join(REPO, "dist")
        cls.deb = sorted(glob.glob(os.path.join(dist, "cairn_*.deb")))[-1]
        cls.tarball = sorted(glob.glob(os.path.join(dist, "cairn-*-linux-*.tar.gz")))[-1]
        cls.work = tempfile.mkdtemp(prefix="cairn-package-")
        cls.env = clean_environment(cls.work)
        # A scratch root with an empty dpkg database, and the package installed into it.
        cls.root = os.path.join(cls.work, "root")
        admin = os.path.join(cls.root, "var", "lib", "dpkg")
        for folder in ("info", "updates", "triggers"):
            os.makedirs(os.path.join(admin, folder))
        for name in ("status", "available"):
            open(os.path.join(admin, name), "w").close()
        # Dependencies are checked against this machine's database below, not the empty one.
        subprocess.run(["dpkg", "--root", cls.root, "--force-depends", "--force-script-chrootless",
                        "--no-triggers", "-i", cls.deb], check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        cls.cairn = os.path.join(cls.root, "usr", "bin", "cairn")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.work, ignore_errors=True)

    def run_cairn(self, *arguments, cwd=None):
        return subprocess.run([self.cairn, *arguments], env=self.env, cwd=cwd or self.work,
                              capture_output=True, text=True)

    def test_the_toolchain_is_really_gone_from_the_environment(self):
        self.assertIsNone(shutil.which("swift", path=self.env["PATH"]))
        self.assertNotIn("LD_LIBRARY_PATH", self.env)

    def test_binary_loads_only_libc_the_cxx_runtime_and_libcmark_gfm(self):
        output = subprocess.run(["ldd", self.cairn], env=self.env, capture_output=True, text=True, check=True).stdout
        libraries = [line.split()[0] for line in output.splitlines() if line.strip()]
        self.assertTrue(any("libcmark-gfm.so" in lib for lib in libraries), output)
        for lib in libraries:
            self.assertTrue(any(allowed in lib for allowed in ALLOWED), f"unexpected shared library {lib}:\n{output}")
        self.assertNotIn("/opt/swift", output)
        self.assertNotIn("not found", output)

    def test_no_test_hook_in_the_release_binary(self):
        # The publish tests kill a debug build at chosen points; a release binary has no such switch.
        with open(self.cairn, "rb") as binary:
            contents = binary.read()
        self.assertNotIn(b"CAIRN_TEST_CRASH_AT", contents)
        env = dict(self.env, CAIRN_TEST_CRASH_AT="after-render")
        site = tempfile.mkdtemp(prefix="cairn-hook-", dir=self.work)
        os.makedirs(os.path.join(site, "content"))
        with open(os.path.join(site, "content", "index.md"), "w") as page:
            page.write("# Home\n")
        result = subprocess.run([self.cairn, "publish", site], env=env, capture_output=True, text=True)
        self.assertEqual(result.returncode, 0, result.stderr)

    def test_deb_dependencies_are_debian_packages_installed_here(self):
        fields = subprocess.run(["dpkg-deb", "-f", self.deb, "Package", "Version", "Depends"],
                                capture_output=True, text=True, check=True).stdout
        self.assertIn("Package: cairn", fields)
        depends = fields.split("Depends:", 1)[1].strip()
        names = [clause.split("(")[0].strip() for clause in depends.split(",")]
        self.assertTrue(any(name.startswith("libcmark-gfm0") for name in names), depends)
        self.assertTrue(any(name.startswith("libcmark-gfm-extensions0") for name in names), depends)
        for clause in depends.split(","):
            name = clause.split("(")[0].strip()
            status = subprocess.run(["dpkg-query", "-W", "-f", "${Status} ${Version}", name],
                                    capture_output=True, text=True)
            self.assertIn("install ok installed", status.stdout, f"{name} is not installed")
            if "(" in clause:
                operator, wanted = clause.split("(")[1].rstrip(") ").split()
                installed = status.stdout.split()[-1]
                dpkg_operator = {">=": "ge", "<=": "le", ">>": "gt", "<<": "lt", "=": "eq"}[operator]
                ok = subprocess.run(["dpkg", "--compare-versions", installed, dpkg_operator, wanted]).returncode == 0
                self.assertTrue(ok, f"{name} {installed} does not satisfy {clause.strip()}")

    def test_deb_and_tarball_hold_the_same_files(self):
        listing = subprocess.run(["dpkg-deb", "-c", self.deb], capture_output=True, text=True, check=True).stdout
        in_deb = {line.split()[-1].lstrip(".") for line in listing.splitlines() if not line.startswith("d")}
        with tarfile.open(self.tarball) as archive:
            in_tar = {"/usr/" + name.split("/", 1)[1] for name in archive.getnames()
                      if "/" in name and archive.getmember(name).isfile()}
        self.assertEqual(in_deb, in_tar)
        for path in ("/usr/bin/cairn", "/usr/share/man/man1/cairn.1.gz",
                     "/usr/share/bash-completion/completions/cairn", "/usr/share/zsh/vendor-completions/_cairn",
                     "/usr/share/fish/vendor_completions.d/cairn.fish", "/usr/share/doc/cairn/copyright"):
            self.assertIn(path, in_deb)

    def test_version_and_start_up_time(self):
        result = self.run_cairn("--version")
        self.assertEqual(result.returncode, 0, result.stderr)
        # The packaged binary too must parse in parallel (its interposed cmark function took effect).
        self.assertRegex(result.stdout, r"^cairn \d+\.\d+\.\d+ \(libcmark-gfm 0\.29\.0\.gfm\.\d+, parallel parsing\)")
        times = []
        for _ in range(11):
            start = time.perf_counter()
            self.run_cairn("--version")
            times.append(time.perf_counter() - start)
        size = os.path.getsize(self.cairn)
        print(f"\npackaged cairn: {size / 1e6:.1f} MB, --version median {statistics.median(times) * 1000:.1f} ms "
              f"over 11 runs; .deb {os.path.getsize(self.deb) / 1e6:.1f} MB, tarball {os.path.getsize(self.tarball) / 1e6:.1f} MB",
              file=sys.stderr)

    def test_builds_the_example_site_and_a_new_one(self):
        out = os.path.join(self.work, "example-out")
        result = self.run_cairn("build", REPO, "--output", out)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("Built 12 pages", result.stdout)
        self.assertTrue(os.path.exists(os.path.join(out, "overview", "index.html")))
        made = self.run_cairn("init", "fresh")
        self.assertEqual(made.returncode, 0, made.stderr)
        built = self.run_cairn("publish", "fresh", "--base-url", "https://example.com/docs/")
        self.assertEqual(built.returncode, 0, built.stderr)
        self.assertTrue(os.path.exists(os.path.join(self.work, "fresh", "public", "sitemap.xml")))

    def test_man_page_and_completions(self):
        with gzip.open(os.path.join(self.root, "usr/share/man/man1/cairn.1.gz"), "rt") as page:
            text = page.read()
        self.assertIn(".Dt CAIRN 1", text)
        for subcommand in ("build", "watch", "check", "publish", "init", "new"):
            self.assertIn(subcommand, text)
        bash = os.path.join(self.root, "usr/share/bash-completion/completions/cairn")
        loaded = subprocess.run(["bash", "-c", f"source {bash} && complete -p cairn"], env=self.env,
                                capture_output=True, text=True)
        self.assertEqual(loaded.returncode, 0, loaded.stderr)
        self.assertIn("-F _cairn cairn", loaded.stdout)

        def complete(*words):
            line = " ".join(words)
            script = (f"source {bash}; COMPREPLY=(); COMP_WORDS=({' '.join(shlex.quote(w) for w in words)}); "
                      f"COMP_CWORD={len(words) - 1}; COMP_LINE={shlex.quote(line)}; COMP_POINT=${{#COMP_LINE}}; "
                      f"_cairn cairn {shlex.quote(words[-1])} {shlex.quote(words[-2])}; printf '%s\\n' \"${{COMPREPLY[@]}}\"")
            return subprocess.run(["bash", "-c", script], env=self.env, capture_output=True, text=True).stdout.split()

        self.assertEqual(complete("cairn", "in"), ["init"])
        self.assertEqual(complete("cairn", "init", "--template", ""), ["overview", "minimal"])
        self.assertEqual(complete("cairn", "new", "adr/x.md", "--template", "r"), ["runbook"])
        with open(os.path.join(self.root, "usr/share/zsh/vendor-completions/_cairn")) as zsh:
            self.assertTrue(zsh.read().startswith("#compdef cairn"))
        with open(os.path.join(self.root, "usr/share/fish/vendor_completions.d/cairn.fish")) as fish:
            self.assertIn("complete -c 'cairn'", fish.read())


if __name__ == "__main__":
    unittest.main(verbosity=2)
