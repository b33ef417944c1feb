/// Which files under `content/` (and the watched site) are not the author's content: hidden
/// files and the temporary files editors write while saving.
public enum IgnoredFiles {
    /// Whether a file or folder named `name` is skipped.
    public static func isIgnored(_ name: String) -> Bool {
        if name.hasPrefix(".") { return true }  // hidden, emacs lock files `.#x`
        if name.hasSuffix("~") { return true }  // vim / emacs backups
        if name.hasPrefix("#") && name.hasSuffix("#") { return true }  // emacs auto-save
        if name == "4913" { return true }  // vim's write-permission probe
        let lower = name.lowercased()
        for suffix in [".swp", ".swo", ".swx", ".tmp", ".bck", "___jb_tmp___", "___jb_old___", ".crdownload"]
        where lower.hasSuffix(suffix) {
            return true
        }
        return false
    }
}
