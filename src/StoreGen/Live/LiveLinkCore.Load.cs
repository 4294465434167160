using System;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace StoreGen.Live;

// A load that decodes while the backend is still reading: every full chunk of rows is decoded on the thread pool,
// and the store is replaced once the last chunk is decoded, in commit order.
internal sealed partial class LiveLinkCore<TKey, T, TShape, TCodec>
{
    public override LiveLoad BeginReplace(string source) => new DecodingLoad(this, source);

    private sealed class DecodingLoad(LiveLinkCore<TKey, T, TShape, TCodec> link, string source) : LiveLoad
    {
        private const int Chunk = 8_192;
        private readonly List<Task<(long[] Versions, (T, bool)[] Decoded)>> _parts = new();
        private RemoteRow[] _chunk = new RemoteRow[Chunk];
        private int _count;

        public override void Add(in RemoteRow row)
        {
            _chunk[_count++] = row;
            if (_count == Chunk)
            {
                Flush();
            }
        }

        /// <summary>Decodes the rows added since the last flush on the thread pool.</summary>
        private void Flush()
        {
            var rows = new ArraySegment<RemoteRow>(_chunk, 0, _count);
            _parts.Add(Task.Run(() =>
            {
                var decoded = new (T, bool)[rows.Count];
                DecodeRange(rows, decoded, 0, rows.Count, source);
                return (Versions(rows), decoded);
            }));
            _chunk = new RemoteRow[Chunk];
            _count = 0;
        }

        public override int Complete(long upToVersion)
        {
            if (_count > 0)
            {
                Flush();
            }
            var parts = Task.WhenAll(_parts).GetAwaiter().GetResult();   // the first unreadable row's StoreException
            int total = 0;
            foreach (var part in parts)
            {
                total += part.Versions.Length;
            }
            var versions = new long[total];
            var decoded = new (T Item, bool Deleted)[total];
            int at = 0;
            foreach (var part in parts)
            {
                part.Versions.CopyTo(versions, at);
                part.Decoded.CopyTo(decoded, at);
                at += part.Versions.Length;
            }
            if (!IsSorted(versions))
            {
                Array.Sort(versions, decoded);
            }
            return link.Replace(versions, decoded, upToVersion);
        }

        private static bool IsSorted(long[] versions)
        {
            for (int n = 1; n < versions.Length; n++)
            {
                if (versions[n] < versions[n - 1])
                {
                    return false;
                }
            }
            return true;
        }
    }
}
