def split_claims(article, score=None):
    raise NotImplementedError
