import TapCtlCore

@main
struct Entrypoint {
    static func main() async {
        await TapCtl.main()
    }
}
