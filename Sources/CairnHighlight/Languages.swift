/// The languages Cairn highlights, by fence name and alias.
public struct Language: Sendable, Equatable {
    enum Scanner: Sendable, Equatable {
        case code(String)  // a CodeSpec, by its name in `Languages.specs`
        case console
        case diff
        case yaml
        case toml
        case ini
        case markup(html: Bool)
        case css
        case markdown
        case makefile
        case nginx
    }

    /// The canonical name (`bash`, `go`, `typescript`).
    public let name: String
    let scanner: Scanner

    public static func == (lhs: Language, rhs: Language) -> Bool { lhs.name == rhs.name }
}

enum Languages {
    /// Fence name or alias (lower-cased) → language.
    static let byName: [String: Language] = {
        var table: [String: Language] = [:]
        func add(_ name: String, _ scanner: Language.Scanner, _ aliases: String = "") {
            let language = Language(name: name, scanner: scanner)
            table[name] = language
            for alias in words(aliases) { table[alias] = language }
        }
        add("bash", .code("shell"), "sh shell zsh ksh fish ash dash shellscript")
        add("console", .console, "shell-session terminal sh-session shellsession bash-session")
        add("powershell", .code("powershell"), "ps1 pwsh ps")
        add("json", .code("json"), "jsonc json5 jsonl ndjson geojson")
        add("yaml", .yaml, "yml")
        add("toml", .toml)
        add("ini", .ini, "cfg conf properties editorconfig gitconfig desktop")
        add("swift", .code("swift"))
        add("python", .code("python"), "py python3 py3 gyp bzl starlark")
        add("go", .code("go"), "golang")
        add("rust", .code("rust"), "rs")
        add("javascript", .code("javascript"), "js mjs cjs node")
        add("typescript", .code("typescript"), "ts mts cts")
        add("jsx", .code("javascript"), "")
        add("tsx", .code("typescript"), "")
        add("java", .code("java"))
        add("kotlin", .code("kotlin"), "kt kts")
        add("scala", .code("scala"), "sc")
        add("groovy", .code("groovy"), "gradle")
        add("c", .code("c"), "h")
        add("cpp", .code("cpp"), "c++ cc cxx hpp hh hxx ino cuda cu")
        add("objc", .code("objc"), "objective-c objectivec obj-c m mm objc++ objective-c++")
        add("csharp", .code("csharp"), "c# cs dotnet")
        add("ruby", .code("ruby"), "rb gemfile podfile rake")
        add("php", .code("php"), "php7 php8")
        add("sql", .code("sql"), "mysql postgresql postgres psql plsql sqlite tsql pgsql")
        add("html", .markup(html: true), "htm xhtml vue svelte erb jinja jinja2 django handlebars hbs")
        add("xml", .markup(html: false), "svg xsl xslt plist rss atom wsdl xsd pom csproj")
        add("css", .css, "scss sass less postcss")
        add("dockerfile", .code("dockerfile"), "docker containerfile")
        add("makefile", .makefile, "make mk mak gnumakefile bsdmakefile")
        add("hcl", .code("hcl"), "terraform tf tfvars nomad")
        add("protobuf", .code("protobuf"), "proto proto3")
        add("graphql", .code("graphql"), "gql")
        add("diff", .diff, "patch udiff")
        add("markdown", .markdown, "md mkd mdown")
        add("nginx", .nginx, "nginxconf")
        add("lua", .code("lua"))
        add("perl", .code("perl"), "pl pm")
        add("r", .code("r"))
        add("dart", .code("dart"))
        add("elixir", .code("elixir"), "ex exs")
        add("haskell", .code("haskell"), "hs")
        add("zig", .code("zig"))
        add("cmake", .code("cmake"))
        add("bazel", .code("python"), "build")
        return table
    }()

    static func named(_ name: String) -> Language? {
        byName[name.lowercased()]
    }

    private static let cKeywords = "auto break case const continue default do else enum extern for goto if inline register restrict return sizeof static struct switch typedef union volatile while _Alignas _Alignof _Atomic _Generic _Noreturn _Static_assert _Thread_local"
    private static let cTypes = "void char short int long float double signed unsigned bool _Bool size_t ssize_t ptrdiff_t intptr_t uintptr_t int8_t int16_t int32_t int64_t uint8_t uint16_t uint32_t uint64_t FILE wchar_t"
    private static let cppKeywords = cKeywords + " alignas alignof and asm catch class co_await co_return co_yield concept consteval constexpr constinit const_cast decltype delete dynamic_cast explicit export friend mutable namespace new noexcept not operator or override final private protected public reinterpret_cast requires static_assert static_cast template this thread_local throw try typeid typename using virtual xor"
    private static let cLiterals = "NULL true false nullptr"
    private static let doubleQuoted = QuoteRule("\"")
    private static let singleQuoted = QuoteRule("'")
    private static let slashComments: [[UInt8]] = ["//".bytes]
    private static let cBlock: [(open: [UInt8], close: [UInt8])] = [("/*".bytes, "*/".bytes)]
    private static let jsKeywords = "async await break case catch class const continue debugger default delete do else export extends finally for from function get if import in instanceof let new of return set static super switch this throw try typeof var void while with yield as"

    /// The C-family specs by name.
    static let specs: [String: CodeSpec] = {
        var specs: [String: CodeSpec] = [:]
        var spec = CodeSpec()

        spec = CodeSpec()
        spec.shell = true
        spec.hyphenInIdentifiers = true
        spec.keywords = words("if then else elif fi for in do done case esac while until function select time return break continue local export readonly declare typeset unset shift source alias eval exec set trap exit")
        spec.literals = words("true false")
        spec.quotes = [QuoteRule("\"", escapes: true, multiline: true, interpolation: .dollar), QuoteRule("'", escapes: false, multiline: true)]
        specs["shell"] = spec

        spec = specs["shell"]!
        spec.lineStartKeywords = words("FROM RUN CMD LABEL MAINTAINER EXPOSE ENV ADD COPY ENTRYPOINT VOLUME USER WORKDIR ARG ONBUILD STOPSIGNAL HEALTHCHECK SHELL")
        spec.keywords.insert("AS")  // FROM image AS stage
        specs["dockerfile"] = spec

        spec = CodeSpec()
        spec.caseInsensitive = true
        spec.lineComments = ["#".bytes]
        spec.blockComments = [("<#".bytes, "#>".bytes)]
        spec.dollarVariables = true
        spec.hyphenInIdentifiers = true
        spec.keywords = words("begin break catch class continue data default do dynamicparam else elseif end enum exit filter finally for foreach from function if in param process return switch throw trap try until using while -eq -ne -gt -ge -lt -le -like -notlike -match -notmatch -contains -notcontains -in -notin -and -or -not -is -isnot")
        spec.literals = words("$true $false $null")
        spec.quotes = [QuoteRule("\"", escapes: false, multiline: true, interpolation: .dollar), QuoteRule("'", escapes: false, multiline: true)]
        specs["powershell"] = spec

        spec = CodeSpec()
        spec.jsonKeys = true
        spec.lineComments = slashComments
        spec.blockComments = cBlock
        spec.literals = words("true false null NaN Infinity")
        spec.quotes = [doubleQuoted, singleQuoted]
        specs["json"] = spec

        spec = CodeSpec()
        spec.keywords = words("associatedtype actor async await borrowing break case catch class consume consuming continue convenience default defer deinit didSet do dynamic else enum extension fallthrough fileprivate final for func get guard if import in indirect infix init inout internal is isolated lazy let macro mutating nonisolated nonmutating open operator optional override package postfix precedencegroup prefix private protocol public repeat required rethrows return sending set some any static struct subscript super switch throw throws try typealias unowned var weak where while willSet Self self")
        spec.literals = words("true false nil")
        spec.types = words("Int Int8 Int16 Int32 Int64 UInt UInt8 UInt16 UInt32 UInt64 Double Float Bool String Character Void")
        spec.capitalizedTypes = true
        spec.lineComments = slashComments
        spec.blockComments = cBlock
        spec.nestedComments = true
        spec.decorators = true
        spec.swiftRawStrings = true
        spec.preprocessor = false
        spec.quotes = [QuoteRule("\"\"\"", escapes: true, multiline: true, interpolation: .backslashParen),
                       QuoteRule("\"", interpolation: .backslashParen)]
        specs["swift"] = spec

        spec = CodeSpec()
        spec.keywords = words("and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield match case type self cls")
        spec.literals = words("True False None NotImplemented Ellipsis")
        spec.types = words("int float str bytes bool list dict set tuple object complex frozenset bytearray type Exception")
        spec.lineComments = ["#".bytes]
        spec.decorators = true
        spec.stringPrefixes = words("r u b f br rb fr rf")
        spec.quotes = [QuoteRule("\"\"\"", multiline: true), QuoteRule("'''", multiline: true), doubleQuoted, singleQuoted]
        specs["python"] = spec

        spec = CodeSpec()
        spec.keywords = words("break case chan const continue default defer else fallthrough for func go goto if import interface map package range return select struct switch type var")
        spec.literals = words("true false nil iota")
        spec.types = words("bool byte complex64 complex128 error float32 float64 int int8 int16 int32 int64 rune string uint uint8 uint16 uint32 uint64 uintptr any comparable")
        spec.lineComments = slashComments
        spec.blockComments = cBlock
        spec.quotes = [doubleQuoted, QuoteRule("`", escapes: false, multiline: true), singleQuoted]
        specs["go"] = spec

        spec = CodeSpec()
        spec.keywords = words("as async await break const continue crate dyn else enum extern fn for if impl in let loop match mod move mut pub ref return self Self static struct super trait type union unsafe use where while yield macro_rules")
        spec.literals = words("true false None Some Ok Err")
        spec.types = words("i8 i16 i32 i64 i128 isize u8 u16 u32 u64 u128 usize f32 f64 bool char str String Vec Option Result Box")
        spec.capitalizedTypes = true
        spec.lineComments = slashComments
        spec.blockComments = cBlock
        spec.nestedComments = true
        spec.rustAttributes = true
        spec.rustCharacters = true
        spec.rustRawStrings = true
        spec.quotes = [QuoteRule("\"", multiline: true), singleQuoted]
        specs["rust"] = spec

        spec = CodeSpec()
        spec.keywords = words(jsKeywords)
        spec.literals = words("true false null undefined NaN Infinity")
        spec.capitalizedTypes = true
        spec.lineComments = slashComments
        spec.blockComments = cBlock
        spec.decorators = true
        spec.dollarInIdentifiers = true
        spec.quotes = [doubleQuoted, singleQuoted, QuoteRule("`", escapes: true, multiline: true, interpolation: .dollarBrace)]
        specs["javascript"] = spec
        spec.keywords = words(jsKeywords + " abstract declare enum implements interface keyof namespace private protected public readonly type infer is asserts satisfies override module")
        spec.types = words("any boolean never number object string symbol unknown void bigint")
        specs["typescript"] = spec

        spec = CodeSpec()
        spec.keywords = words("abstract assert break case catch class const continue default do else enum extends final finally for goto if implements import instanceof interface native new package private protected public return static strictfp super switch synchronized this throw throws transient try volatile while var record sealed permits yield non-sealed")
        spec.literals = words("true false null")
        spec.types = words("boolean byte char short int long float double void String Object Integer Long")
        spec.capitalizedTypes = true
        spec.lineComments = slashComments
        spec.blockComments = cBlock
        spec.decorators = true
        spec.dollarInIdentifiers = true
        spec.quotes = [QuoteRule("\"\"\"", multiline: true), doubleQuoted, singleQuoted]
        specs["java"] = spec

        spec.keywords = words("abstract actual annotation as break by catch class companion const constructor continue crossinline data do dynamic else enum expect external final finally for fun get if import in infix init inline inner interface internal is lateinit noinline object open operator out override package private protected public reified return sealed set super suspend tailrec this throw try typealias val value var vararg when where while")
        spec.types = words("Any Unit Nothing Int Long Short Byte Float Double Boolean Char String Array List Map Set")
        spec.nestedComments = true
        spec.dollarInIdentifiers = false
        spec.quotes = [QuoteRule("\"\"\"", escapes: false, multiline: true, interpolation: .dollar),
                       QuoteRule("\"", interpolation: .dollar), singleQuoted]
        specs["kotlin"] = spec

        spec.keywords = words("abstract case catch class def do else enum export extends final finally for forSome given if implicit import lazy match new object override package private protected return sealed super then this throw trait try type using val var while with yield")
        spec.types = words("Any AnyRef AnyVal Unit Nothing Int Long Short Byte Float Double Boolean Char String")
        spec.quotes = [QuoteRule("\"\"\"", escapes: false, multiline: true), QuoteRule("\""), singleQuoted]
        specs["scala"] = spec

        spec = specs["java"]!
        spec.keywords = spec.keywords.union(words("def as in trait"))
        spec.quotes = [QuoteRule("\"\"\"", multiline: true, interpolation: .dollar), QuoteRule("'''", multiline: true),
                       QuoteRule("\"", interpolation: .dollar), singleQuoted]
        specs["groovy"] = spec

        spec = CodeSpec()
        spec.keywords = words(cKeywords)
        spec.types = words(cTypes)
        spec.literals = words(cLiterals)
        spec.lineComments = slashComments
        spec.blockComments = cBlock
        spec.preprocessor = true
        spec.quotes = [doubleQuoted, singleQuoted]
        specs["c"] = spec
        spec.keywords = words(cppKeywords)
        spec.types = words(cTypes + " string vector map set unordered_map unique_ptr shared_ptr optional string_view auto")
        spec.stringPrefixes = words("l u u8 r lr ur u8r")
        spec.cppRawStrings = true
        specs["cpp"] = spec
        spec.keywords = words(cppKeywords + " @interface @implementation @end @property @synthesize @protocol @optional @required @class @selector @autoreleasepool @try @catch @finally @import self super id instancetype nonatomic strong weak copy assign readonly readwrite")
        spec.types = words(cTypes + " BOOL NSInteger NSUInteger CGFloat id SEL IMP")
        spec.literals = words(cLiterals + " YES NO nil Nil")
        spec.capitalizedTypes = true
        spec.decorators = true  // @interface, @property, @end
        spec.quotes = [QuoteRule("@\""), doubleQuoted, singleQuoted]
        specs["objc"] = spec

        spec = CodeSpec()
        spec.keywords = words("abstract as async await base break case catch checked class const continue default delegate do else enum event explicit extern finally fixed for foreach get goto if implicit in init interface internal is lock namespace new operator out override params partial private protected public readonly record ref required return sealed set sizeof stackalloc static struct switch this throw try typeof unchecked unsafe using value var virtual void volatile when where while with yield")
        spec.types = words("bool byte char decimal double float int long object sbyte short string uint ulong ushort nint nuint dynamic")
        spec.literals = words("true false null")
        spec.capitalizedTypes = true
        spec.lineComments = slashComments
        spec.blockComments = cBlock
        spec.preprocessor = true
        spec.csharpStrings = true
        spec.quotes = [QuoteRule("\"\"\"", multiline: true), doubleQuoted, singleQuoted]
        specs["csharp"] = spec

        spec = CodeSpec()
        spec.keywords = words("alias and begin break case class def defined? do else elsif end ensure for if in module next not or redo rescue retry return self super then undef unless until when while yield require require_relative include extend attr_reader attr_writer attr_accessor private protected public raise lambda proc")
        spec.literals = words("true false nil")
        spec.capitalizedTypes = true
        spec.lineComments = ["#".bytes]
        spec.blockComments = [("=begin".bytes, "=end".bytes)]
        spec.rubySigils = true
        spec.quotes = [QuoteRule("\"", multiline: true, interpolation: .hashBrace), QuoteRule("'", multiline: true),
                       QuoteRule("`", multiline: true, interpolation: .hashBrace)]
        specs["ruby"] = spec

        spec = CodeSpec()
        spec.caseInsensitive = true
        spec.keywords = words("abstract and array as break callable case catch class clone const continue declare default do echo else elseif empty enddeclare endfor endforeach endif endswitch endwhile enum extends final finally fn for foreach function global goto if implements include include_once instanceof insteadof interface isset list match namespace new or print private protected public readonly require require_once return static switch throw trait try unset use var while xor yield")
        spec.types = words("int float string bool void mixed never object iterable self parent")
        spec.literals = words("true false null")
        spec.lineComments = ["//".bytes, "#".bytes]
        spec.blockComments = cBlock
        spec.dollarVariables = true
        spec.quotes = [QuoteRule("\"", multiline: true, interpolation: .dollar), QuoteRule("'", multiline: true)]
        specs["php"] = spec

        spec = CodeSpec()
        spec.caseInsensitive = true
        spec.keywords = words("add all alter and any as asc between by case cascade check column commit constraint create cross database default delete desc distinct drop else end exists foreign from full group having if in index inner insert intersect into is join key left like limit not null offset on or order outer primary references returning right rollback select set table then top transaction trigger truncate union unique update using values view when where with begin grant revoke function procedure returns language declare replace materialized recursive partition over window lateral ilike natural")
        spec.types = words("int integer smallint bigint decimal numeric real float double precision char varchar text boolean bool date time timestamp timestamptz interval uuid json jsonb bytea serial bigserial blob clob")
        spec.literals = words("true false null")
        spec.lineComments = ["--".bytes]
        spec.blockComments = cBlock
        spec.quotes = [QuoteRule("'", escapes: false, multiline: true, doubledCloseEscapes: true), QuoteRule("\"", escapes: false)]
        specs["sql"] = spec

        spec = CodeSpec()
        spec.keywords = words("resource data variable output locals module provider terraform backend required_providers for_each count depends_on lifecycle dynamic content for in if import moved removed check")
        spec.literals = words("true false null")
        spec.types = words("string number bool list map set object tuple any")
        spec.lineComments = ["#".bytes, "//".bytes]
        spec.blockComments = cBlock
        spec.hyphenInIdentifiers = true
        spec.shell = false
        spec.quotes = [QuoteRule("\"", interpolation: .dollarBrace)]
        specs["hcl"] = spec

        spec = CodeSpec()
        spec.keywords = words("syntax edition package import option message enum service rpc returns stream repeated optional required oneof map reserved extend extensions to max public weak group")
        spec.types = words("double float int32 int64 uint32 uint64 sint32 sint64 fixed32 fixed64 sfixed32 sfixed64 bool string bytes")
        spec.literals = words("true false")
        spec.capitalizedTypes = true
        spec.lineComments = slashComments
        spec.blockComments = cBlock
        spec.quotes = [doubleQuoted, singleQuoted]
        specs["protobuf"] = spec

        spec = CodeSpec()
        spec.keywords = words("query mutation subscription fragment on type interface union enum input scalar schema extend implements directive repeatable")
        spec.types = words("Int Float String Boolean ID")
        spec.literals = words("true false null")
        spec.capitalizedTypes = true
        spec.decorators = true
        spec.dollarVariables = true
        spec.lineComments = ["#".bytes]
        spec.quotes = [QuoteRule("\"\"\"", multiline: true), doubleQuoted]
        specs["graphql"] = spec

        spec = CodeSpec()
        spec.keywords = words("and break do else elseif end for function goto if in local not or repeat return then until while")
        spec.literals = words("true false nil")
        spec.lineComments = ["--".bytes]
        spec.blockComments = [("--[[".bytes, "]]".bytes)]
        spec.quotes = [QuoteRule("[[", "]]", escapes: false, multiline: true), doubleQuoted, singleQuoted]
        specs["lua"] = spec

        spec = CodeSpec()
        spec.keywords = words("my our local sub if elsif else unless while until for foreach do last next redo return use no package require eq ne lt gt le ge and or not")
        spec.lineComments = ["#".bytes]
        spec.dollarVariables = true
        spec.quotes = [QuoteRule("\"", multiline: true, interpolation: .dollar), QuoteRule("'", multiline: true)]
        specs["perl"] = spec

        spec = CodeSpec()
        spec.keywords = words("if else repeat while function for in next break return switch library require")
        spec.literals = words("TRUE FALSE NULL NA Inf NaN T F")
        spec.lineComments = ["#".bytes]
        spec.quotes = [doubleQuoted, singleQuoted]
        specs["r"] = spec

        spec = specs["java"]!
        spec.keywords = words("abstract as assert async await base break case catch class const continue covariant default deferred do dynamic else enum export extends extension external factory final finally for get hide if implements import in interface is late library mixin new on operator part required rethrow return sealed set show static super switch sync this throw try typedef var void when while with yield")
        spec.types = words("int double num bool String List Map Set Object dynamic void Future Stream")
        spec.quotes = [QuoteRule("\"\"\"", multiline: true, interpolation: .dollar), QuoteRule("'''", multiline: true, interpolation: .dollar),
                       QuoteRule("\"", interpolation: .dollar), QuoteRule("'", interpolation: .dollar)]
        specs["dart"] = spec

        spec = CodeSpec()
        spec.keywords = words("after alias and case catch cond def defmodule defp defmacro defstruct defprotocol defimpl do else end fn for if import in not or quote raise receive require rescue try unless unquote use when with")
        spec.literals = words("true false nil")
        spec.capitalizedTypes = true
        spec.rubySigils = true
        spec.lineComments = ["#".bytes]
        spec.quotes = [QuoteRule("\"\"\"", multiline: true, interpolation: .hashBrace), QuoteRule("\"", multiline: true, interpolation: .hashBrace), singleQuoted]
        specs["elixir"] = spec

        spec = CodeSpec()
        spec.keywords = words("case class data default deriving do else foreign if import in infix infixl infixr instance let module newtype of then type where qualified as hiding")
        spec.literals = words("True False Nothing Just")
        spec.capitalizedTypes = true
        spec.lineComments = ["--".bytes]
        spec.blockComments = [("{-".bytes, "-}".bytes)]
        spec.nestedComments = true
        spec.quotes = [doubleQuoted]
        specs["haskell"] = spec

        spec = CodeSpec()
        spec.keywords = words("align allowzero and anyframe anytype asm async await break callconv catch comptime const continue defer else enum errdefer error export extern fn for if inline noalias nosuspend opaque or orelse packed pub resume return struct suspend switch test threadlocal try union unreachable usingnamespace var volatile while")
        spec.types = words("i8 i16 i32 i64 u8 u16 u32 u64 usize isize f32 f64 bool void type anyerror noreturn")
        spec.literals = words("true false null undefined")
        spec.lineComments = slashComments
        spec.decorators = true
        spec.quotes = [doubleQuoted, singleQuoted]
        specs["zig"] = spec

        spec = CodeSpec()
        spec.caseInsensitive = true
        spec.keywords = words("if elseif else endif foreach endforeach while endwhile function endfunction macro endmacro return set unset option project add_executable add_library target_link_libraries target_include_directories find_package include cmake_minimum_required message install")
        spec.lineComments = ["#".bytes]
        spec.quotes = [QuoteRule("\"", multiline: true, interpolation: .dollarBrace)]
        specs["cmake"] = spec
        return specs
    }()
}
