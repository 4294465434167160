using System;

namespace StoreGen.Tests;

internal static class Make
{
    public static Guid Uid(int n) => new(n, 0, 0, new byte[8]);

    public static Ingress Ingress(string ns, string name, string host = "h", int port = 80, int uid = -1) =>
        new(ns, name, host, port, uid < 0 ? Guid.NewGuid() : Uid(uid));
}
