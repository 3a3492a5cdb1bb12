using System.Text.Unicode;
using SparseSearch.Encoding.Bm25;
using SparseSearch.Index.Codec;

namespace SparseSearch.Index.Check;

/// <summary>
/// Structural check of a segment's BM25 field (checksums are verified when it is opened): terms valid UTF-8 in
/// strictly ascending byte order; postings decoding in strictly ascending doc order inside the segment with tf ≥ 1,
/// exactly df of them filling the term's blocks; every skip entry's last doc, max tf and min norm and every term's
/// max tf, min norm and total term frequency equal to what its postings hold; each document's norm equal to the
/// Lucene encoding of its tf sum; the field statistics equal to the sums over the postings.
/// </summary>
internal static class Bm25FieldChecker
{
    public static void Check(Bm25FieldReader field)
    {
        string termsPath = field.TermsFile.Path, postingsPath = field.PostingsFile.Path, normsPath = field.NormsFile.Path;
        var norms = field.Norms;
        var lengths = new long[field.DocCount];
        var docs = new int[Bm25Files.BlockSize];
        var tfs = new int[Bm25Files.BlockSize];
        long postings = 0, tokens = 0;
        for (int t = 0; t < field.TermCount; t++)
        {
            var bytes = field.TermBytes(t);
            if (!Utf8.IsValid(bytes))
                throw new CorruptIndexException(termsPath, $"term {t} is not valid UTF-8");
            if (t > 0 && field.TermBytes(t - 1).SequenceCompareTo(bytes) >= 0)
                throw new CorruptIndexException(termsPath, $"term {t} is not after term {t - 1} in byte order");
            var p = field.Postings(t);
            long ttf = 0;
            int maxTf = 0, minNorm = 255, decoded = 0;
            for (int b = 0; b < p.BlockCount; b++)
            {
                int n = p.DecodeBlock(b, docs, tfs, out long used);
                long next = b + 1 < p.BlockCount ? p.BlockDataOffset(b + 1) : -1;
                long end = p.BlockDataOffset(b) + used;
                if (next >= 0 ? end != next : end > p.DataLength || p.DataLength - end > 3)
                    throw new CorruptIndexException(postingsPath, $"term {t}: block {b} data does not end where the next begins (df {p.Count} disagrees with the postings)");
                int blockMaxTf = 0, blockMinNorm = 255;
                for (int i = 0; i < n; i++)
                {
                    blockMaxTf = Math.Max(blockMaxTf, tfs[i]);
                    blockMinNorm = Math.Min(blockMinNorm, norms[docs[i]]);
                    lengths[docs[i]] += tfs[i];
                    ttf += tfs[i];
                }
                if (p.BlockMaxTf(b) != blockMaxTf || p.BlockMinNormRaw(b) != blockMinNorm)
                    throw new CorruptIndexException(postingsPath, $"term {t}: block {b} bounds (max tf {p.BlockMaxTf(b)}, min norm {p.BlockMinNormRaw(b)}) differ from its postings ({blockMaxTf}, {blockMinNorm})");
                maxTf = Math.Max(maxTf, blockMaxTf);
                minNorm = Math.Min(minNorm, blockMinNorm);
                decoded += n;
            }
            if (decoded != field.DocFreq(t) || field.TotalTermFreq(t) != ttf || field.MaxTf(t) != maxTf || field.MinNorm(t) != minNorm)
                throw new CorruptIndexException(termsPath, $"term {t}: entry (df {field.DocFreq(t)}, ttf {field.TotalTermFreq(t)}, max tf {field.MaxTf(t)}, min norm {field.MinNorm(t)}) differs from its postings ({decoded}, {ttf}, {maxTf}, {minNorm})");
            postings += decoded;
            tokens += ttf;
        }
        long withField = 0;
        for (int d = 0; d < lengths.Length; d++)
        {
            byte expected = LuceneLengthNorm.Encode((int)Math.Min(lengths[d], int.MaxValue));
            if (norms[d] != expected)
                throw new CorruptIndexException(normsPath, $"doc {d}: norm {norms[d]} but its postings hold {lengths[d]} tokens (norm {expected})");
            if (lengths[d] > 0) withField++;
        }
        if (postings != field.TotalPostings)
            throw new CorruptIndexException(postingsPath, $"trailer counts {field.TotalPostings} postings, terms hold {postings}");
        if (withField != field.FieldDocCount || tokens != field.SumTotalTermFreq)
            throw new CorruptIndexException(termsPath, $"field statistics ({field.FieldDocCount} docs, {field.SumTotalTermFreq} tokens) differ from the postings ({withField}, {tokens})");
    }
}
